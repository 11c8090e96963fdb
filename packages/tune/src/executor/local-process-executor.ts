import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OptionChecker } from '@medimg/core';
import { builtFile } from './package-files';
import { threadEnv, type RunMessage, type WorkerMessage } from '../worker/protocol';
import type { TrialEvents, TrialExecutor, TrialJob, TrialOutcome } from '../types';

/**
 * Options of `localProcessExecutor`. Defaults: parallel = core count, threadsPerTrial = max(1, floor(cores / parallel)),
 * workerPath = this package's dist/trial-worker.cjs, no heap limit, no timeout, abortGraceMs 2000.
 */
export interface LocalProcessExecutorOptions {
  parallel?: number;
  threadsPerTrial?: number;
  workerPath?: string;
  /** Extra environment for every worker (added to process.env and the thread variables). */
  env?: Record<string, string>;
  /** Node flags for workers. Default: none (not the parent's). */
  execArgv?: string[];
  /** V8 heap limit per worker (--max-old-space-size), so one trial's runaway memory kills only that trial. */
  maxOldSpaceMb?: number;
  /** Kill a trial after this many milliseconds. */
  trialTimeoutMs?: number;
  /** After an abort, how long a worker gets to stop before SIGKILL. */
  abortGraceMs?: number;
}

const LOG_FILE = 'worker.log';

async function tail(path: string, bytes = 2000): Promise<string> {
  try {
    const text = await readFile(path, 'utf8');
    return text.slice(-bytes).trim();
  } catch {
    return '';
  }
}

function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal === 'SIGKILL') return 'worker was killed by SIGKILL (out of memory, or killed from outside)';
  if (signal === 'SIGABRT') return 'worker aborted (SIGABRT; V8 heap out of memory?)';
  if (signal) return `worker was killed by ${signal}`;
  if (code === 134) return 'worker aborted (exit 134; V8 heap out of memory?)';
  return `worker exited with code ${code} before reporting a result`;
}

/**
 * Runs each trial in its own child process (`child_process.fork` of dist/trial-worker.cjs), so a crash, a thrown
 * error, NaN metrics or an out-of-memory kill fails only that trial. The worker's stdout and stderr go to
 * `<trial outDir>/worker.log`; its tail is quoted in the error of a crashed trial.
 */
export function localProcessExecutor(options: LocalProcessExecutorOptions = {}): TrialExecutor {
  const cores = availableParallelism();
  const v = new OptionChecker('localProcessExecutor');
  if (options.parallel !== undefined) v.int('parallel', options.parallel, 1, 1024);
  if (options.threadsPerTrial !== undefined) v.int('threadsPerTrial', options.threadsPerTrial, 1, 1024);
  if (options.maxOldSpaceMb !== undefined) v.int('maxOldSpaceMb', options.maxOldSpaceMb, 16);
  if (options.trialTimeoutMs !== undefined) v.number('trialTimeoutMs', options.trialTimeoutMs, 1);
  v.done();
  const parallel = options.parallel ?? cores;
  const threads = options.threadsPerTrial ?? Math.max(1, Math.floor(cores / parallel));
  const workerPath = options.workerPath ?? builtFile('trial-worker.cjs');
  const grace = options.abortGraceMs ?? 2000;
  const running = new Set<ChildProcess>();

  async function run(job: TrialJob, events: TrialEvents, signal?: AbortSignal): Promise<TrialOutcome> {
    await mkdir(job.outDir, { recursive: true });
    const logPath = join(job.outDir, LOG_FILE);
    const log = await open(logPath, 'a');
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    const execArgv = [...(options.execArgv ?? [])];
    if (options.maxOldSpaceMb !== undefined) execArgv.push(`--max-old-space-size=${options.maxOldSpaceMb}`);
    let child: ChildProcess;
    try {
      child = fork(workerPath, [], {
        stdio: ['ignore', log.fd, log.fd, 'ipc'],
        env: { ...process.env, ...threadEnv(threads), ...options.env },
        execArgv,
        serialization: 'json',
      });
    } catch (error) {
      await log.close();
      return { status: 'failed', error: `could not start worker: ${error instanceof Error ? error.message : String(error)}`, seconds: seconds() };
    }
    running.add(child);
    let reported: WorkerMessage | undefined;
    let stopReason: string | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (reason: string): void => {
      if (stopReason !== undefined) return;
      stopReason = reason;
      if (child.connected) child.send({ type: 'abort', reason });
      killTimer = setTimeout(() => child.kill('SIGKILL'), grace);
    };
    const onAbort = (): void => stop('search cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    const timeout = options.trialTimeoutMs === undefined ? undefined : setTimeout(() => stop(`timed out after ${options.trialTimeoutMs} ms`), options.trialTimeoutMs);

    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: string }>((resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, spawnError: error.message }));
      child.once('exit', (code, sig) => resolve({ code, signal: sig }));
    });
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'log') events.logger[message.level](message.message, { ...message.fields, trial: job.trial.id });
      else if (message.type === 'epoch') events.onEpoch?.(message.progress);
      else reported ??= message;
    });
    const run: RunMessage = { type: 'run', trial: job.trial, runner: job.runner, outDir: job.outDir, threads, seed: job.seed, options: job.options };
    child.send(run);
    if (signal?.aborted) stop('search cancelled');

    const ended = await exit;
    running.delete(child);
    signal?.removeEventListener('abort', onAbort);
    if (timeout) clearTimeout(timeout);
    if (killTimer) clearTimeout(killTimer);
    await log.close();
    if (reported?.type === 'result' && ended.code === 0 && stopReason === undefined) {
      return { status: 'ok', metrics: reported.metrics, nonFinite: reported.nonFinite, seconds: seconds(), ...(reported.modelDir === undefined ? {} : { modelDir: reported.modelDir }) };
    }
    let error = stopReason ?? (reported?.type === 'error' ? reported.error : (ended.spawnError ?? exitReason(ended.code, ended.signal)));
    if (reported?.type !== 'error') {
      const logTail = await tail(logPath);
      if (logTail) error += `\n--- ${logPath} (tail) ---\n${logTail}`;
    }
    return { status: 'failed', error, seconds: seconds() };
  }

  return {
    name: 'local-process',
    slots: parallel,
    threadsPerTrial: threads,
    run,
    async close() {
      for (const child of running) child.kill('SIGKILL');
      running.clear();
    },
  };
}
