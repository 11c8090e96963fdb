// Test fixtures: a trial runner written as a plain .cjs file (trial processes run JavaScript) and real worker
// processes (dist/worker-main.cjs). Real code in real processes; nothing here stands in for BullMQ or tune.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrialRunner } from '@medimg/tune';
import type { StartWorkerOptions } from '../worker/worker-types';

const made: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `medimg-dist-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Runner: appends `<key> <worker>` to options.runLog when a run starts, sleeps options.epochMs per epoch (reporting
 * each epoch), then returns auc = 0.9 - 0.1 * |log10(lr) + 2| - 0.2 / budget - 0.001 * batchSize and writes a model
 * file. Param mode 'throw' fails every run.
 */
const RUNNER = `
const fs = require('node:fs');
const path = require('node:path');
exports.epochRunner = async function epochRunner(trial, ctx) {
  const o = ctx.options;
  if (o.runLog) fs.appendFileSync(o.runLog, trial.key + ' ' + (process.env.MEDIMG_WORKER || 'local') + '\\n');
  for (let e = 1; e <= trial.budget; e++) {
    if (o.epochMs) await new Promise((r) => setTimeout(r, o.epochMs));
    if (ctx.signal.aborted) throw new Error('aborted');
    if (ctx.reportEpoch) ctx.reportEpoch({ epoch: e, epochs: trial.budget, metrics: { loss: 1 / e } });
  }
  const p = trial.params;
  if (p.mode === 'throw') throw new Error('deliberate failure for lr=' + p.lr);
  const lr = typeof p.lr === 'number' ? p.lr : 0.01;
  const bs = typeof p.batchSize === 'number' ? p.batchSize : 0;
  const auc = 0.9 - 0.1 * Math.abs(Math.log10(lr) + 2) - 0.2 / trial.budget - 0.001 * bs;
  const modelDir = path.join(ctx.outDir, 'train', 'best');
  fs.mkdirSync(modelDir, { recursive: true });
  fs.writeFileSync(path.join(modelDir, 'model.json'), JSON.stringify({ lr, bs, budget: trial.budget, worker: process.env.MEDIMG_WORKER, dataDir: o.dataDir }));
  return { metrics: { auc }, modelDir };
};
`;

export function writeEpochRunner(dir: string): TrialRunner {
  const module = join(dir, 'epoch-runner.cjs');
  writeFileSync(module, RUNNER);
  return { module, exportName: 'epochRunner' };
}

/** Lines of a run log: [key, worker] pairs. */
export function readRunLog(path: string): [string, string][] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(' ') as [string, string]);
}

export const WORKER_MAIN = join(__dirname, '..', '..', 'dist', 'worker-main.cjs');

export interface SpawnedWorker {
  name: string;
  child: ChildProcess;
  log(): string;
  /** Resolves when the worker has connected and serves its queues. */
  ready: Promise<void>;
  exited: Promise<number | NodeJS.Signals | null>;
}

/** Starts dist/worker-main.cjs (optionally under a prefix such as `ip netns exec NS`). */
export function spawnWorker(options: StartWorkerOptions & { name: string }, prefix: string[] = []): SpawnedWorker {
  if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing. Fix: npx nx run distributed:build`);
  const args = [...prefix, process.execPath, WORKER_MAIN, JSON.stringify(options)];
  const child = spawn(args[0] as string, args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  let onReady: () => void = () => undefined;
  let onFail: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => ((onReady = resolve), (onFail = reject)));
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
    if (log.includes(`worker ${options.name}: serving`)) onReady();
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.on('exit', (code, signal) => {
      onFail(new Error(`worker ${options.name} exited (${signal ?? code}) before it was ready: ${log}`));
      resolve(signal ?? code);
    }),
  );
  return { name: options.name, child, log: () => log, ready, exited };
}

export async function stopWorkers(workers: readonly SpawnedWorker[]): Promise<void> {
  await Promise.all(
    workers.map(async (w) => {
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      await w.exited;
    }),
  );
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
