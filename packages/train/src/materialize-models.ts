import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_JSON, replaceDirAtomic, modelCardOfModelJson, type Logger, type ModelCard } from '@medimg/core';
import { checkpointRoot, type CheckpointState } from './checkpoint';

/** model.json without its card: the topology and weights manifest that make the model what it is. */
function withoutCard(json: Buffer): string {
  const parsed = JSON.parse(json.toString('utf8')) as { userDefinedMetadata?: Record<string, unknown> };
  delete parsed.userDefinedMetadata;
  return JSON.stringify(parsed);
}

/**
 * Whether the model directory `target` holds the same model as `source`: every file of `source` is in `target` with
 * the same bytes, model.json compared apart from its card (so a card re-fitted by `medimg calibrate` still counts as
 * the same model). A missing or unreadable `target` is not the same.
 */
async function sameModel(source: string, target: string): Promise<boolean> {
  try {
    for (const name of await readdir(source)) {
      const [a, b] = await Promise.all([readFile(join(source, name)), readFile(join(target, name))]);
      if (name === MODEL_JSON ? withoutCard(a) !== withoutCard(b) : !a.equals(b)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** The card in `dir`'s model.json, or null when there is none or it cannot be read. */
async function cardIn(dir: string): Promise<ModelCard | null> {
  try {
    return modelCardOfModelJson(JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8')) as { userDefinedMetadata?: { medimg?: unknown } }, dir);
  } catch {
    return null;
  }
}

function calibratedBy(card: ModelCard): string {
  const p = card.thresholdPolicy;
  return `threshold ${card.threshold.toFixed(4)}, policy ${p.name} on ${p.on ?? 'validation'}${p.stress !== undefined ? ` (stress ${p.stress.perturbations.join(',')}, severity ${p.stress.severity}, seed ${p.stress.seed})` : ''}`;
}

/** The `medimg calibrate` flags that re-fit the same policy on the same set. */
function calibrateFlags(card: ModelCard): string {
  const p = card.thresholdPolicy;
  const stress = p.stress !== undefined ? ` --threshold-set stress --stress ${p.stress.perturbations.join(',')} --severity ${p.stress.severity} --stress-seed ${p.stress.seed}` : '';
  return `--policy ${p.name}${stress}`;
}

/** Makes OUT/<name> hold the checkpoint's model `dir`, keeping it untouched when it already holds that model. */
async function materialize(outDir: string, name: 'best' | 'last', dir: string, epoch: number, logger: Logger): Promise<void> {
  const source = join(checkpointRoot(outDir), dir, 'model');
  const target = join(outDir, name);
  if (await sameModel(source, target)) {
    const card = await cardIn(target);
    if (card?.thresholdPolicy.fittedBy === 'calibrate') logger.debug(`${target} keeps the card re-fitted by medimg calibrate (${calibratedBy(card)})`);
    return;
  }
  const previous = await cardIn(target);
  await replaceDirAtomic(target, (tmp) => cp(source, tmp, { recursive: true }));
  if (previous?.thresholdPolicy.fittedBy !== 'calibrate') return;
  const was = previous.provenance['epoch'];
  logger.warn(
    `${target} held a card re-fitted by medimg calibrate (${calibratedBy(previous)}) for epoch ${typeof was === 'number' ? was : '?'}; it now holds epoch ${epoch} with the threshold, operating points and temperature fitted in training. ` +
      `Fix: re-fit them on the new model with medimg calibrate --model ${name === 'best' ? outDir : target} --data-dir DATA ${calibrateFlags(previous)}`,
    { path: target, epoch, calibratedEpoch: was, calibratedThreshold: previous.threshold },
  );
}

/**
 * Makes OUT/last and OUT/best hold the committed checkpoint's models (re-run on resume, so they always match it). A
 * directory that already holds its model (same weights and topology) is left untouched, card included: a resumed run
 * keeps a card that `medimg calibrate` re-fitted until a new epoch replaces the model. Replacing a re-fitted card
 * logs a warning with the `medimg calibrate` command that re-fits the new model.
 */
export async function materializeModels(outDir: string, state: CheckpointState, logger: Logger): Promise<void> {
  await materialize(outDir, 'last', state.dir, state.epoch, logger);
  await materialize(outDir, 'best', state.bestDir, state.bestEpoch, logger);
}

