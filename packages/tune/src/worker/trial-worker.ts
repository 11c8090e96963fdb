// The entry of each trial's child process (built to dist/trial-worker.cjs). It receives one `run` message,
// calls the runner, reports `result` or `error`, and exits. Any crash just ends this process: the parent
// records the trial as failed.
import type { Logger } from '@medimg/core';
import { loadRunner } from './load-runner';
import type { LogLevel, ParentMessage, RunMessage, WorkerMessage } from './protocol';

const controller = new AbortController();

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

const forward =
  (level: LogLevel) =>
  (message: string, fields?: Record<string, unknown>): void => {
    void send(fields === undefined ? { type: 'log', level, message } : { type: 'log', level, message, fields });
  };
const logger: Logger = { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };

async function finish(message: WorkerMessage, code: number): Promise<void> {
  await send(message);
  process.exit(code);
}

async function run(message: RunMessage): Promise<void> {
  const fn = await loadRunner(message.runner, __filename);
  const result = await fn(message.trial, {
    outDir: message.outDir,
    threads: message.threads,
    seed: message.seed,
    options: message.options,
    signal: controller.signal,
    logger,
    reportEpoch: (progress) => {
      const metrics = Object.fromEntries(Object.entries(progress.metrics).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
      void send({ type: 'epoch', progress: { epoch: progress.epoch, epochs: progress.epochs, metrics } });
    },
  });
  if (typeof result !== 'object' || result === null || typeof result.metrics !== 'object' || result.metrics === null) {
    throw new Error(`runner ${message.runner.exportName} must resolve to { metrics: Record<string, number>, modelDir? }; got ${JSON.stringify(result)}`);
  }
  const nonFinite = Object.entries(result.metrics).filter(([, v]) => typeof v !== 'number' || !Number.isFinite(v));
  const badLoss = nonFinite.filter(([k]) => /loss/i.test(k));
  if (badLoss.length > 0) throw new Error(`non-finite ${badLoss.map(([k, v]) => `${k}=${String(v)}`).join(', ')} (training diverged)`);
  const metrics = Object.fromEntries(Object.entries(result.metrics).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
  await finish({ type: 'result', metrics, nonFinite: nonFinite.map(([k, v]) => `${k}=${String(v)}`), ...(result.modelDir === undefined ? {} : { modelDir: result.modelDir }) }, 0);
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'abort') {
    controller.abort(new Error(message.reason));
    return;
  }
  if (message.type === 'run') run(message).catch((error: unknown) => finish({ type: 'error', error: describe(error) }, 1));
});
process.on('uncaughtException', (error) => void finish({ type: 'error', error: `uncaught exception: ${describe(error)}` }, 1));
process.on('unhandledRejection', (error) => void finish({ type: 'error', error: `unhandled rejection: ${describe(error)}` }, 1));
// The search process died (e.g. SIGKILL): do not keep training an orphan trial.
process.on('disconnect', () => process.exit(130));
