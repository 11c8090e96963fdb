import type { CommandModule } from 'yargs';
import { runHandler, type GlobalArgs } from '../run-handler';
import { backendOption, type BackendArgs } from '../common-options';

interface ServeArgs extends GlobalArgs, BackendArgs {
  model: string[];
  port: number;
  host: string;
  'max-batch': number;
  'max-delay-ms': number;
  'queue-size'?: number;
  'timeout-ms': number;
  workers: number;
  threads?: number;
  'max-upload-mb': number;
}

/** `medimg serve --model M [--model name=M2 ...]`: HTTP inference with micro-batching, health, metrics, OpenAPI and a web page. */
export const serveCommand: CommandModule<GlobalArgs, ServeArgs> = {
  command: 'serve',
  describe: 'Serve models over HTTP: POST /v1/models/{name}/predict, the model cards, /health, /metrics, /docs, and a page at /',
  builder: (y) =>
    backendOption(y, 'tfjs backend for tfjs models')
      .option('model', { type: 'string', array: true, demandOption: true, describe: 'PATH or NAME=PATH: a model dir (train/freeze), a train run dir, or an .onnx file (FP32 or INT8); repeat for several' })
      .option('port', { type: 'number', default: 8080, describe: 'TCP port (0 picks a free one)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
      .option('max-batch', { type: 'number', default: 16, describe: 'Largest batch per model run (1 turns batching off)' })
      .option('max-delay-ms', { type: 'number', default: 5, describe: 'How long the first image of a batch waits for more' })
      .option('queue-size', { type: 'number', describe: 'Images allowed to wait per model before 503 + Retry-After (default 64 x max-batch)' })
      .option('timeout-ms', { type: 'number', default: 30000, describe: 'Deadline of a request (504 after it)' })
      .option('workers', { type: 'number', default: 1, describe: 'Inference worker threads (each holds every model)' })
      .option('threads', { type: 'number', describe: 'onnxruntime threads per worker (default: cores / workers)' })
      .option('max-upload-mb', { type: 'number', default: 10, describe: 'Largest accepted upload (413 beyond it)' }),
  handler: runHandler<ServeArgs>(async (args, logger) => {
    const { startServer, parseModelSpec } = await import('@medimg/serve');
    const server = await startServer({
      models: args.model.map(parseModelSpec),
      port: args.port,
      host: args.host,
      maxBatch: args['max-batch'],
      maxDelayMs: args['max-delay-ms'],
      ...(args['queue-size'] !== undefined ? { queueSize: args['queue-size'] } : {}),
      timeoutMs: args['timeout-ms'],
      workers: args.workers,
      ...(args.threads !== undefined ? { threads: args.threads } : {}),
      maxUploadBytes: Math.round(args['max-upload-mb'] * 1024 * 1024),
      backend: args.backend,
      logger,
    });
    const stopped = new Promise<string>((resolve) => {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => resolve(signal));
    });
    try {
      await Promise.race([server.ready, stopped]);
      process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, ready: true })}\n`);
      const signal = await stopped;
      logger.info(`${signal}: finishing in-flight requests, then stopping`);
    } finally {
      await server.close();
    }
    logger.info('stopped');
  }),
};
