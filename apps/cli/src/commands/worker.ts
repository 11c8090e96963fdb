import type { CommandModule } from 'yargs';
import { runHandler, type GlobalArgs } from '../run-handler';

interface WorkerArgs extends GlobalArgs {
  redis: string;
  concurrency: number;
  'data-dir'?: string;
  'work-dir'?: string;
  name?: string;
  'lock-duration': number;
  'stalled-interval': number;
  'max-stalled': number;
  'trial-heap-mb'?: number;
}

/** `medimg worker --redis URL`: runs tune trials and batch-predict chunks queued by a chief, until Ctrl-C. */
export const workerCommand: CommandModule<GlobalArgs, WorkerArgs> = {
  command: 'worker',
  describe: 'Run trials (medimg tune --executor) and predict chunks (medimg predict --queue) from Redis; Ctrl-C stops after running jobs, twice kills them',
  builder: (y) =>
    y
      .option('redis', { type: 'string', demandOption: true, describe: 'redis://HOST:PORT of the chief' })
      .option('concurrency', { type: 'number', default: 1, describe: 'Trials at once on this machine (each in its own process, threads = cores / concurrency)' })
      .option('data-dir', { type: 'string', describe: "This machine's copy of the images (default: the chief's path)" })
      .option('work-dir', { type: 'string', describe: "Trial folders when the chief's OUT is not on this disk (default: <tmp>/medimg-worker)" })
      .option('name', { type: 'string', describe: 'Worker name in logs and progress (default: <hostname>-<pid>)' })
      .option('lock-duration', { type: 'number', default: 30000, describe: 'ms a job stays locked without renewal: a dead worker\'s trial runs elsewhere after about this' })
      .option('stalled-interval', { type: 'number', default: 30000, describe: 'ms between checks for jobs whose worker died' })
      .option('max-stalled', { type: 'number', default: 2, describe: 'Times a job may lose its worker before it is recorded as failed' })
      .option('trial-heap-mb', { type: 'number', describe: 'V8 heap limit per trial process in MB' }),
  handler: runHandler<WorkerArgs>(async (args, logger) => {
    const { startWorker } = await import('@medimg/distributed');
    const worker = await startWorker({
      url: args.redis,
      concurrency: args.concurrency,
      ...(args['data-dir'] === undefined ? {} : { dataDir: args['data-dir'] }),
      ...(args['work-dir'] === undefined ? {} : { workDir: args['work-dir'] }),
      ...(args.name === undefined ? {} : { name: args.name }),
      lockDurationMs: args['lock-duration'],
      stalledIntervalMs: args['stalled-interval'],
      maxStalledCount: args['max-stalled'],
      ...(args['trial-heap-mb'] === undefined ? {} : { trialHeapMb: args['trial-heap-mb'] }),
      logger,
    });
    await new Promise<void>((resolve) => {
      let signals = 0;
      const stop = (): void => {
        signals++;
        if (signals === 1) logger.info(`worker ${worker.name}: stopping after the running jobs (Ctrl-C again to kill them; they then run elsewhere)`);
        void worker.close({ force: signals > 1 }).then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  }),
};
