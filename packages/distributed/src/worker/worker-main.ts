// The entry of a worker process for programs and tests (built to dist/worker-main.cjs):
//   node worker-main.cjs '<StartWorkerOptions as JSON>'
// Logs go to stderr, one line each. SIGTERM/SIGINT: stop taking jobs and let running ones finish; a second
// signal kills running trials (their jobs run again elsewhere). `medimg worker` is the command-line front end.
import type { Logger } from '@medimg/core';
import { startWorker } from './start-worker';
import type { StartWorkerOptions } from './worker-types';

const line =
  (level: string) =>
  (message: string): void => {
    process.stderr.write(`${level}: ${message}\n`);
  };
const logger: Logger = { debug: () => undefined, info: line('info'), warn: line('warn'), error: line('error') };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as StartWorkerOptions;
  const worker = await startWorker({ ...options, logger });
  let signals = 0;
  const stop = (): void => {
    signals++;
    void worker.close({ force: signals > 1 }).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  logger.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
