import { ModelIOError } from '../errors/model-io-error';
import { INTENSITY_NORMALIZATIONS, type Preprocessing } from '../types';
import { upgradeLegacyMetadata } from './upgrade-legacy';
import { LEGACY_METADATA_FORMAT, MODEL_CARD_FORMAT, type ModelCard } from './types';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects every problem of a card so one error lists them all. */
class CardProblems {
  readonly list: string[] = [];
  expect(ok: boolean, field: string, expected: string, got: unknown): void {
    if (!ok) this.list.push(`${field}: expected ${expected}, got ${JSON.stringify(got) ?? 'undefined'}`);
  }
}

function checkPreprocessing(p: CardProblems, value: unknown): void {
  if (!isObject(value)) return p.expect(false, 'preprocessing', 'an object { imageSize, channels, resize, scale }', value);
  const pre = value as Partial<Preprocessing>;
  p.expect(Number.isInteger(pre.imageSize) && (pre.imageSize as number) > 0, 'preprocessing.imageSize', 'a positive integer', pre.imageSize);
  p.expect(pre.channels === 1 || pre.channels === 3, 'preprocessing.channels', '1 or 3', pre.channels);
  p.expect(pre.resize === 'stretch' || pre.resize === 'letterbox', 'preprocessing.resize', "'stretch' or 'letterbox'", pre.resize);
  p.expect(pre.scale === 'unit' || pre.scale === 'in-graph', 'preprocessing.scale', "'unit' or 'in-graph'", pre.scale);
  p.expect(pre.normalize === undefined || INTENSITY_NORMALIZATIONS.includes(pre.normalize), 'preprocessing.normalize', INTENSITY_NORMALIZATIONS.map((n) => `'${n}'`).join(', '), pre.normalize);
  const w = pre.window as unknown;
  const windowOk = w === undefined || w === 'auto' || w === 'full' || (isObject(w) && Number.isFinite(w['center']) && typeof w['width'] === 'number' && w['width'] > 0);
  p.expect(windowOk, 'preprocessing.window', "absent, 'auto', 'full' or { center, width > 0 }", w);
}

function checkSplit(p: CardProblems, value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value)) return p.expect(false, 'split', 'an object (seed, valSplit, grouping, stratified, trainCount, validation)', value);
  p.expect(Number.isInteger(value['seed']), 'split.seed', 'an integer', value['seed']);
  p.expect(typeof value['valSplit'] === 'number' && value['valSplit'] >= 0 && value['valSplit'] < 1, 'split.valSplit', 'a number in [0, 1)', value['valSplit']);
  p.expect(value['grouping'] === 'patient' || value['grouping'] === 'file', 'split.grouping', "'patient' or 'file'", value['grouping']);
  p.expect(typeof value['stratified'] === 'boolean', 'split.stratified', 'a boolean', value['stratified']);
  p.expect(Number.isInteger(value['trainCount']), 'split.trainCount', 'an integer', value['trainCount']);
  const v = value['validation'];
  if (!isObject(v)) return p.expect(false, 'split.validation', 'an object { count, digest, files? }', v);
  p.expect(Number.isInteger(v['count']), 'split.validation.count', 'an integer', v['count']);
  p.expect(typeof v['digest'] === 'string' && /^[0-9a-f]{64}$/.test(v['digest']), 'split.validation.digest', 'a SHA-256 hex digest', v['digest']);
  const files = v['files'];
  p.expect(files === undefined || (Array.isArray(files) && files.every((f) => typeof f === 'string') && files.length === v['count']), 'split.validation.files', 'absent or `count` strings', files);
}

function checkProvenance(p: CardProblems, value: unknown): void {
  if (!isObject(value)) return p.expect(false, 'provenance', 'an object (architecture, engine, backend, epochs, commit, datasetDigest)', value);
  for (const key of ['architecture', 'engine', 'backend'] as const) p.expect(typeof value[key] === 'string', `provenance.${key}`, 'a string', value[key]);
  p.expect(Number.isInteger(value['epochs']) && (value['epochs'] as number) >= 0, 'provenance.epochs', 'an integer >= 0', value['epochs']);
  for (const key of ['commit', 'datasetDigest'] as const) p.expect(value[key] === null || typeof value[key] === 'string', `provenance.${key}`, 'a string or null', value[key]);
  for (const [key, v] of Object.entries(value)) {
    p.expect(v === null || ['string', 'number', 'boolean'].includes(typeof v), `provenance.${key}`, 'a string, number, boolean or null', v);
  }
}

function checkEnsemble(p: CardProblems, value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value)) return p.expect(false, 'ensemble', 'an object { combine, members }', value);
  p.expect(value['combine'] === 'mean-probabilities', 'ensemble.combine', "'mean-probabilities'", value['combine']);
  const members = value['members'];
  if (!Array.isArray(members) || members.length < 2) return p.expect(false, 'ensemble.members', 'an array of 2 or more members', members);
  members.forEach((m: unknown, i) => {
    const ok = isObject(m) && typeof m['source'] === 'string' && typeof m['architecture'] === 'string' && typeof m['threshold'] === 'number' && (m['seed'] === null || Number.isInteger(m['seed']));
    p.expect(ok, `ensemble.members[${i}]`, '{ source, architecture, seed: integer | null, threshold, validation }', m);
  });
}

/** Checks a `medimg-model-card@2` object; returns the problems (empty when valid). */
export function modelCardProblems(card: Json): string[] {
  const p = new CardProblems();
  p.expect(typeof card['architecture'] === 'string' && card['architecture'] !== '', 'architecture', 'a non-empty string', card['architecture']);
  const classNames = card['classNames'];
  const classesOk = Array.isArray(classNames) && classNames.length >= 1 && classNames.every((c) => typeof c === 'string' && c !== '');
  p.expect(classesOk, 'classNames', 'a non-empty array of class names', classNames);
  const k = classesOk ? (classNames as string[]).length : Infinity;
  const positive = card['positiveClass'];
  p.expect(positive === null || (Number.isInteger(positive) && (positive as number) >= 0 && (positive as number) < k), 'positiveClass', `null or a class index in [0, ${k - 1}]`, positive);
  checkPreprocessing(p, card['preprocessing']);
  const shape = card['inputShape'];
  const shapeOk = Array.isArray(shape) && shape.length === 3 && Number.isInteger(shape[0]) && Number.isInteger(shape[1]) && (shape[2] === 1 || shape[2] === 3);
  p.expect(shapeOk, 'inputShape', '[height, width, 1 | 3]', shape);
  const pre = card['preprocessing'];
  if (shapeOk && isObject(pre)) {
    const [h, w, c] = shape as number[];
    p.expect(h === pre['imageSize'] && w === pre['imageSize'] && c === pre['channels'], 'inputShape', `[${String(pre['imageSize'])}, ${String(pre['imageSize'])}, ${String(pre['channels'])}] (as preprocessing says)`, shape);
  }
  const threshold = card['threshold'];
  p.expect(typeof threshold === 'number' && threshold >= 0 && threshold <= 1, 'threshold', 'a number in [0, 1]', threshold);
  const policy = card['thresholdPolicy'];
  p.expect(isObject(policy) && typeof policy['name'] === 'string' && policy['name'] !== '', 'thresholdPolicy', 'an object { name }', policy);
  const points = card['operatingPoints'];
  p.expect(points === undefined || (isObject(points) && Object.values(points).every((t) => typeof t === 'number' && t >= 0 && t <= 1)), 'operatingPoints', 'absent or { policy: threshold in [0, 1] }', points);
  checkSplit(p, card['split']);
  checkProvenance(p, card['provenance']);
  const metrics = card['metrics'];
  p.expect(metrics === undefined || (isObject(metrics) && Object.values(metrics).every((m) => isObject(m) && typeof m['accuracy'] === 'number')), 'metrics', 'absent or { split: { images, accuracy, ... } }', metrics);
  const calibration = card['calibration'];
  p.expect(calibration === undefined || (isObject(calibration) && typeof calibration['temperature'] === 'number' && calibration['temperature'] > 0), 'calibration', 'absent or { temperature > 0 }', calibration);
  p.expect(card['config'] === undefined || isObject(card['config']), 'config', 'absent or an object', card['config']);
  p.expect(card['precision'] === undefined || typeof card['precision'] === 'string', 'precision', 'absent or a string', card['precision']);
  checkEnsemble(p, card['ensemble']);
  return p.list;
}

/**
 * Validates a model card (a parsed JSON value, or a JSON string) and returns it typed. A `medimg-model@1` metadata
 * object is upgraded to the current format. `where` names the file for the error message. Throws a ModelIOError
 * listing every problem.
 */
export function parseModelCard(json: unknown, where: string): ModelCard {
  let value = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch (error) {
      throw new ModelIOError(`Error in ${where}: the model card is not valid JSON (${(error as Error).message}). Fix: re-save the model with medimg (train, freeze, export-onnx).`, where, { cause: error });
    }
  }
  if (!isObject(value)) throw new ModelIOError(`Error in ${where}: expected a model card object, got ${JSON.stringify(value) ?? 'undefined'}. Fix: re-save the model with medimg.`, where);
  if (value['format'] === LEGACY_METADATA_FORMAT) value = upgradeLegacyMetadata(value, where);
  else if (value['format'] !== MODEL_CARD_FORMAT) {
    throw new ModelIOError(`Error in ${where}: expected a model card of format ${MODEL_CARD_FORMAT} (or ${LEGACY_METADATA_FORMAT}), got format ${JSON.stringify(value['format']) ?? 'undefined'}. Fix: re-save the model with this version of medimg.`, where);
  }
  const problems = modelCardProblems(value as Json);
  if (problems.length > 0) {
    throw new ModelIOError(`Error in ${where}: invalid model card: ${problems.join('; ')}. Fix: re-save the model with medimg (train, freeze, export-onnx).`, where);
  }
  return value as unknown as ModelCard;
}
