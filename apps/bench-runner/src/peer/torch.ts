import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { summarize, type LatencyStats } from '@medimg/bench';
import { describeNet } from '../nets';
import type { TrainingCase } from '../training-cases';

const run = promisify(execFile);

/** What tools/peers/torch_bench.py prints. */
interface TorchRaw {
  version: string;
  threads: number;
  params: number;
  stepMs: number[];
  forwardMs: number[];
  loss: { first: number | null; last: number | null };
}

/** One PyTorch measurement of a training case. */
export interface TorchResult {
  caseId: string;
  framework: 'pytorch';
  version: string;
  threads: number;
  /** Trainable parameters of medimg's network (describeArchitecture) and of the module PyTorch built from it. */
  paramsMedimg: number;
  paramsPeer: number;
  batchSize: number;
  stepMs: LatencyStats;
  trainImagesPerSecond: number;
  forwardMs: LatencyStats | null;
  forwardImagesPerSecond: number | null;
  loadAverage1m: number;
}

/** The torch version, or why the peer cannot run (python or python3-torch missing). */
export async function torchAvailable(python: string, peersDir: string): Promise<{ version: string } | { reason: string }> {
  const script = join(peersDir, 'torch_bench.py');
  if (!existsSync(script)) return { reason: `${script} not found (pass --peers-dir)` };
  try {
    const { stdout } = await run(python, ['-c', 'import torch; print(torch.__version__)'], { timeout: 120_000 });
    return { version: stdout.trim() };
  } catch (error) {
    const msg = (error as { stderr?: string }).stderr?.trim().split('\n').pop() ?? (error as Error).message;
    return { reason: `\`${python} -c "import torch"\` failed (${msg}). Install: apt-get install -y python3-torch libopenblas0-pthread` };
  }
}

const imagesPerSecond = (batch: number, ms: number[]): number => (batch * ms.length) / (ms.reduce((s, v) => s + v, 0) / 1000);

/** Thread counts the peer runs with: all cores, and 1 (medimg's wasm backend runs single-threaded without SharedArrayBuffer threads). */
export function peerThreadCounts(): number[] {
  return [...new Set([cpus().length, 1])];
}

/**
 * Runs torch_bench.py for one case with `steps` timed steps on `threads` threads (default: all cores). The network
 * is medimg's own layer list (describeArchitecture), handed to the script as a JSON file.
 */
export async function runTorchCase(python: string, peersDir: string, c: TrainingCase, steps: number, threads: number = cpus().length): Promise<TorchResult> {
  const spec = describeNet(c.architecture, c.inputShape);
  const dir = await mkdtemp(join(tmpdir(), 'medimg-peer-'));
  let raw: TorchRaw;
  try {
    const specFile = join(dir, `${c.id}.json`);
    await writeFile(specFile, JSON.stringify(spec));
    const args = [join(peersDir, 'torch_bench.py'), '--spec', specFile, '--batch', String(c.batchSize), '--steps', String(steps), '--warmup', '1', '--threads', String(threads)];
    const { stdout } = await run(python, args, { timeout: 3_600_000, maxBuffer: 16 * 2 ** 20 });
    raw = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as TorchRaw;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return {
    caseId: c.id,
    framework: 'pytorch',
    version: raw.version,
    threads: raw.threads,
    paramsMedimg: spec.params.trainable,
    paramsPeer: raw.params,
    batchSize: c.batchSize,
    stepMs: summarize(raw.stepMs),
    trainImagesPerSecond: imagesPerSecond(c.batchSize, raw.stepMs),
    forwardMs: raw.forwardMs.length > 0 ? summarize(raw.forwardMs) : null,
    forwardImagesPerSecond: raw.forwardMs.length > 0 ? imagesPerSecond(c.batchSize, raw.forwardMs) : null,
    loadAverage1m: loadavg()[0] ?? 0,
  };
}
