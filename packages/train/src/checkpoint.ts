import * as tf from '@tensorflow/tfjs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DiskFullError, diskFullErrorOf, loadLayersModel, ModelIOError, saveLayersModel, writeFileAtomic, type ModelCard, type SplitManifest } from '@medimg/core';
import type { ScheduleState } from './schedule';
import type { EpochRecord } from './types';

/** Everything needed to continue a run exactly after its last completed epoch. */
export interface CheckpointState {
  format: 'medimg-checkpoint@1';
  architecture: string;
  /** Last completed epoch (1-based). */
  epoch: number;
  /** Directory (under checkpoint/) with this epoch's model and optimizer state. */
  dir: string;
  /** Directory of the best epoch so far (kept until a better one replaces it). */
  bestDir: string;
  bestEpoch: number;
  /** Best monitored value (lower is better) and epochs since it improved (early stopping). */
  bestValue: number;
  wait: number;
  schedule: ScheduleState;
  microBatchSize: number;
  seed: number;
  batchSize: number;
  /** The train/validation split of the run (checkpoints written before the model card have none). */
  split?: SplitManifest;
  warmupSeconds: number;
  trainSeconds: number;
  trainImages: number;
  stoppedEarly: boolean;
  history: EpochRecord[];
  /** Updates of the weight average so far (runs with `ema` only). */
  emaUpdates?: number;
  /** Stochastic weight averaging (runs with `swaStart` only): its first epoch and the snapshots averaged so far. */
  swa?: { start: number; updates: number };
}

interface SavedTensor {
  name: string;
  dtype: 'float32' | 'int32';
  shape: number[];
  offset: number;
  length: number;
}

const STATE = 'state.json';

export function checkpointRoot(outDir: string): string {
  return join(outDir, 'checkpoint');
}

async function writeTensors(root: string, base: string, list: { name: string; tensor: tf.Tensor }[]): Promise<void> {
  const specs: SavedTensor[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const { name, tensor } of list) {
    const data = await tensor.data();
    const bytes = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    specs.push({ name, dtype: tensor.dtype === 'int32' ? 'int32' : 'float32', shape: tensor.shape, offset, length: bytes.byteLength });
    chunks.push(bytes);
    offset += bytes.byteLength;
  }
  const all = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  await writeFileAtomic(join(root, `${base}.bin`), all);
  await writeFileAtomic(join(root, `${base}.json`), JSON.stringify(specs));
}

/** Tensors written by writeTensors (the caller disposes them). */
async function readTensors(root: string, base: string): Promise<{ name: string; tensor: tf.Tensor }[]> {
  const specs = JSON.parse(await readFile(join(root, `${base}.json`), 'utf8')) as SavedTensor[];
  const bin = await readFile(join(root, `${base}.bin`));
  return specs.map((s) => {
    const bytes = new Uint8Array(bin.buffer.slice(bin.byteOffset + s.offset, bin.byteOffset + s.offset + s.length));
    const values = s.dtype === 'int32' ? new Int32Array(bytes.buffer) : new Float32Array(bytes.buffer);
    return { name: s.name, tensor: tf.tensor(values, s.shape, s.dtype) };
  });
}

/**
 * Saves the model and the optimizer's state (Adam iterations and moments) of one epoch into checkpoint/<dir>.
 * With a weight average the saved model holds the averaged weights and `live` the weights training continues from.
 */
export async function saveEpochArtifacts(outDir: string, dir: string, model: tf.LayersModel, optimizer: tf.Optimizer, metadata: ModelCard, live?: tf.Tensor[]): Promise<void> {
  const root = join(checkpointRoot(outDir), dir);
  await rm(root, { recursive: true, force: true });
  try {
    await saveLayersModel(model, join(root, 'model'), metadata);
    const weights = await optimizer.getWeights();
    try {
      await writeTensors(root, 'optimizer', weights);
    } finally {
      // getWeights() makes a fresh scalar for the iteration count; the moments are the optimizer's own variables.
      for (const { name, tensor } of weights) if (name === 'iter') tensor.dispose();
    }
    if (live !== undefined) await writeTensors(root, 'live', live.map((tensor, i) => ({ name: `w${i}`, tensor })));
  } catch (error) {
    // an uncommitted epoch directory is never read; removing it gives back the room a full disk needs
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The error to throw when writing the checkpoint of `epoch` failed: a full disk (ENOSPC, EDQUOT) or a file size limit
 * (EFBIG) becomes a DiskFullError that says why, that the committed checkpoint (`previous`, 0 = none) is intact, and how
 * to continue; any other error is returned as it is.
 */
export function checkpointWriteError(error: unknown, outDir: string, epoch: number, previous: number): unknown {
  const full = diskFullErrorOf(error, checkpointRoot(outDir));
  if (full === undefined) return error;
  const kept =
    previous > 0
      ? `The previous checkpoint (epoch ${previous}: ${join(checkpointRoot(outDir), 'state.json')}, ${join(outDir, 'best')}, ${join(outDir, 'last')}) is intact. Fix: free disk space (df -h ${outDir}) or raise the file size limit (ulimit -f), then rerun the same command with --resume to continue after epoch ${previous}.`
      : `No epoch was committed yet. Fix: free disk space (df -h ${outDir}) or raise the file size limit (ulimit -f), then run the command again.`;
  return new DiskFullError(`Error in train: writing the checkpoint of epoch ${epoch} (${full.path}) failed: ${full.reason} (${full.errno}). ${kept}`, full.path, full.errno, { cause: error });
}

/** The live (not averaged) weights saved with an epoch of a run with a weight average, in model.weights order. */
export async function readLiveWeights(outDir: string, state: CheckpointState): Promise<tf.Tensor[]> {
  return (await readTensors(join(checkpointRoot(outDir), state.dir), 'live')).map((t) => t.tensor);
}

/** Commits a checkpoint: the atomic write of state.json is the moment the epoch counts as done. Old epoch dirs are removed. */
export async function commitCheckpoint(outDir: string, state: CheckpointState): Promise<void> {
  const root = checkpointRoot(outDir);
  await writeFileAtomic(join(root, STATE), JSON.stringify(state));
  for (const name of await readdir(root)) {
    if (name.startsWith('epoch-') && name !== state.dir && name !== state.bestDir) await rm(join(root, name), { recursive: true, force: true });
  }
}

export async function hasCheckpoint(outDir: string): Promise<boolean> {
  return stat(join(checkpointRoot(outDir), STATE)).then(
    () => true,
    () => false,
  );
}

export async function readCheckpoint(outDir: string): Promise<CheckpointState> {
  const path = join(checkpointRoot(outDir), STATE);
  try {
    const state = JSON.parse(await readFile(path, 'utf8')) as CheckpointState;
    if (state.format !== 'medimg-checkpoint@1') throw new Error(`unknown format ${String(state.format)}`);
    return state;
  } catch (error) {
    throw new ModelIOError(`Error reading checkpoint ${path}: ${(error as Error).message}. Fix: start a new run in an empty --out, or point --out at a run of medimg train.`, path, { cause: error });
  }
}

/** Loads the model and restores the optimizer's state from a committed checkpoint. */
export async function restoreEpochArtifacts(outDir: string, state: CheckpointState, optimizer: tf.Optimizer): Promise<tf.LayersModel> {
  const root = join(checkpointRoot(outDir), state.dir);
  const model = await loadLayersModel(join(root, 'model'));
  const tensors = await readTensors(root, 'optimizer');
  await optimizer.setWeights(tensors);
  for (const t of tensors) t.tensor.dispose();
  return model;
}
