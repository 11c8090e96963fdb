import { copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_JSON, ModelIOError, parseModelCard, withModelCard, writeFileAtomic, type ModelCard } from '@medimg/core';
import { decodeModel, encodeModel } from '@medimg/onnx';
import type { ResolvedModelPath } from './types';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** Copies a tfjs model directory's files (model.json and weights) into `out` (created), leaving other files there alone. */
async function copyModelDir(from: string, out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  for (const name of await readdir(from)) {
    const src = join(from, name);
    if ((await stat(src)).isFile()) await copyFile(src, join(out, name));
  }
}

/**
 * Writes `card` into a model (the one source of truth every consumer reads: model.json `userDefinedMetadata.medimg`
 * of a tfjs directory, metadata_props `medimg` of an .onnx file), atomically: a run killed at any moment leaves the
 * previous card or the new one. With `out`, the model is first copied there (a directory for a tfjs model, a file
 * for .onnx) and the copy gets the card; the original is untouched. Returns the path written.
 */
export async function writeCard(model: ResolvedModelPath, card: ModelCard, options: { out?: string } = {}): Promise<string> {
  const checked = parseModelCard(card, `writeCard(${model.path})`);
  const target = options.out ?? model.path;
  if (model.kind === 'onnx') {
    const bytes = await readFile(model.path).catch((error: unknown) => {
      throw new ModelIOError(`Error reading ${model.path}: ${(error as Error).message}.`, model.path, { cause: error });
    });
    const onnx = decodeModel(bytes);
    await writeFileAtomic(target, encodeModel({ ...onnx, metadataProps: withModelCard(onnx.metadataProps, checked) }));
    return target;
  }
  if (options.out !== undefined && options.out !== model.path) {
    if (await exists(join(options.out, MODEL_JSON))) {
      throw new ModelIOError(`Error in writeCard: ${join(options.out, MODEL_JSON)} already exists. Fix: choose an empty --out directory, or drop --out to rewrite ${model.path} in place.`, options.out);
    }
    await copyModelDir(model.path, options.out);
  }
  const jsonPath = join(target, MODEL_JSON);
  const json = JSON.parse(await readFile(jsonPath, 'utf8')) as { userDefinedMetadata?: Record<string, unknown> };
  json.userDefinedMetadata = { ...(json.userDefinedMetadata ?? {}), medimg: checked };
  await writeFileAtomic(jsonPath, JSON.stringify(json));
  return target;
}
