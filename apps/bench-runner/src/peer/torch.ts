import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { summarize, type LatencyStats } from '@medimg/bench';
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
  params: number;
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

/** Runs torch_bench.py for one case with `steps` timed steps on `threads` threads (default: all cores). */
export async function runTorchCase(python: string, peersDir: string, c: TrainingCase, steps: number, threads: number = cpus().length): Promise<TorchResult> {
  const args = [join(peersDir, 'torch_bench.py'), '--net', c.architecture, '--input', c.inputShape.join('x'), '--batch', String(c.batchSize), '--steps', String(steps), '--warmup', '1', '--threads', String(threads)];
  const { stdout } = await run(python, args, { timeout: 3_600_000, maxBuffer: 16 * 2 ** 20 });
  const raw = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as TorchRaw;
  return {
    caseId: c.id,
    framework: 'pytorch',
    version: raw.version,
    threads: raw.threads,
    params: raw.params,
    batchSize: c.batchSize,
    stepMs: summarize(raw.stepMs),
    trainImagesPerSecond: imagesPerSecond(c.batchSize, raw.stepMs),
    forwardMs: raw.forwardMs.length > 0 ? summarize(raw.forwardMs) : null,
    forwardImagesPerSecond: raw.forwardMs.length > 0 ? imagesPerSecond(c.batchSize, raw.forwardMs) : null,
    loadAverage1m: loadavg()[0] ?? 0,
  };
}
