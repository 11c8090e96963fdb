import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ModelIOError } from '@medimg/core';
import { listZooModels, ZOO_MODELS } from './catalog';
import { modelsDir } from './models-dir';
import { ZOO_FORMATS, type ZooFormat } from './types';

/** The `zoo:` model scheme: `zoo:<name>` (the entry's default format) or `zoo:<name>/<format>` (`onnx`, `int8`, `layers-model`). */
export const ZOO_SCHEME = 'zoo:';

/** Whether a model path names a zoo model. */
export function isZooSpec(spec: string): boolean {
  return spec.startsWith(ZOO_SCHEME);
}

/**
 * Splits `zoo:<name>[/<format>]`; the format defaults to the entry's (the LayersModel where one ships: it trains,
 * exports and predicts). A format the entry does not ship is refused with the ones it does.
 */
export function parseZooSpec(spec: string): { name: string; format: ZooFormat } {
  const body = isZooSpec(spec) ? spec.slice(ZOO_SCHEME.length) : spec;
  const [name = '', given, ...rest] = body.split('/');
  const entry = ZOO_MODELS[name];
  const format = given ?? entry?.defaultFormat ?? 'layers-model';
  const problems: string[] = [];
  if (entry === undefined) problems.push(`no zoo model named ${JSON.stringify(name)} (shipped: ${listZooModels().join(', ')})`);
  if (!(ZOO_FORMATS as readonly string[]).includes(format) || rest.length > 0) problems.push(`unknown format ${JSON.stringify(body.slice(name.length + 1))} (one of ${ZOO_FORMATS.join(', ')})`);
  else if (entry !== undefined && entry.files[format as ZooFormat] === undefined) {
    const shipped = Object.keys(entry.files);
    problems.push(`zoo:${name} ships no ${format} (only ${shipped.join(', ')}: ${entry.description})`);
  }
  if (problems.length > 0) {
    const example = entry === undefined ? 'zoo:pneumonia or zoo:pneumonia/int8' : `zoo:${name} or zoo:${name}/${Object.keys(entry.files).filter((f) => f !== entry.defaultFormat)[0] ?? entry.defaultFormat}`;
    throw new ModelIOError(`Error resolving ${spec}: ${problems.join('; ')}. Fix: use zoo:<name> or zoo:<name>/<format>, e.g. ${example}.`, spec);
  }
  return { name, format: format as ZooFormat };
}

/** The file or folder of a zoo model on disk (inside the installed package), e.g. for loadPredictor. */
export function zooModelPath(spec: string): string {
  const { name, format } = parseZooSpec(spec);
  const entry = ZOO_MODELS[name]!;
  const path = join(modelsDir(), entry.dir, entry.files[format]!);
  if (!existsSync(path)) throw new ModelIOError(`Error resolving ${spec}: ${path} is missing; the @medimg/zoo package is incomplete. Fix: reinstall @medimg/zoo.`, path);
  return path;
}
