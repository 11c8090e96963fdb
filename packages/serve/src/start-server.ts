import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MicroBatcher } from './batching/micro-batcher';
import { buildApp } from './build-app';
import { createServeMetrics } from './metrics/serve-metrics';
import { resolveServeOptions } from './resolve-options';
import { InferencePool } from './worker/inference-pool';
import type { QueuedImage, QueuedResult, ServeState } from './serve-state';
import type { ModelServer, ServeOptions } from './types';

const CLOSE_GRACE_MS = 10_000;

/**
 * Starts `medimg serve`: listens at once (so /health/live answers), loads and warms up every model in the worker
 * threads, then turns /health/ready true. `close()` stops accepting requests, lets in-flight ones finish, then stops
 * the workers.
 */
export async function startServer(options: ServeOptions): Promise<ModelServer> {
  const o = resolveServeOptions(options);
  const metrics = createServeMetrics(o.maxBatch);
  const state: ServeState = { options: o, metrics, models: new Map(), ready: false, closing: false, loadError: null };
  const app = await buildApp(state);
  await app.listen({ port: o.port, host: o.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : o.port;
  const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  o.logger.info(`listening on ${url}; loading ${o.models.length} model(s) in ${o.workers} worker thread(s)`);

  let pool: InferencePool | undefined;
  let onnxDir: string | undefined;
  const ready = (async () => {
    onnxDir = await mkdtemp(join(tmpdir(), 'medimg-serve-onnx-'));
    const models = o.models.map((m) => ({ name: m.name, path: m.path, ...(m.engine ? { engine: m.engine } : {}) }));
    pool = await InferencePool.start({ models, threads: o.threads, backend: o.backend, onnxDir, index: 0 }, o.workers, o.logger);
    const workers = pool;
    for (const m of workers.models) {
      const labels = { model: m.name };
      const batcher = new MicroBatcher<QueuedImage, QueuedResult>({
        maxBatch: o.maxBatch,
        maxDelayMs: o.maxDelayMs,
        queueSize: o.queueSize,
        concurrency: o.workers,
        retryAfterSeconds: 1,
        run: async (items, waits) => {
          for (const w of waits) metrics.queueWait.observe(w / 1000, labels);
          const r = await workers.run(m.name, items.map((i) => i.bytes), items.map((i) => i.explain));
          metrics.decodeTime.observe(r.decodeMs / 1000, labels);
          if (r.batchSize > 0) {
            metrics.computeTime.observe(r.computeMs / 1000, labels);
            metrics.batchSize.observe(r.batchSize, labels);
          }
          return r.items.map((item, i) => ({ item, queueMs: waits[i] as number, decodeMs: r.decodeMs, computeMs: r.computeMs, batchSize: r.batchSize }));
        },
      });
      const onnxFile = m.onnxFile;
      if (m.onnxProblem !== undefined) o.logger.warn(`model ${m.name}: no in-browser mode (${m.onnxProblem})`);
      if (m.explainProblem !== undefined) o.logger.warn(`model ${m.name}: no heatmaps, predict?explain=true answers 501 (${m.explainProblem})`);
      state.models.set(m.name, {
        info: { name: m.name, card: m.card, engine: m.engine, inputShape: m.inputShape, numClasses: m.numClasses, onnxUrl: onnxFile === null ? null : `/v1/models/${encodeURIComponent(m.name)}/model.onnx`, explain: m.explain },
        explainProblem: m.explainProblem ?? null,
        onnxFile,
        batcher,
        preprocess: async (bytes) => (await workers.preprocess(m.name, bytes)).items[0] ?? { ok: false, status: 500, message: 'Error in preprocess: the worker returned no result' },
      });
      o.logger.info(`model ${m.name}: ${m.engine}, input ${m.inputShape.join('x')}, classes ${m.card.classNames.join(', ')} (warm-up ${m.warmupMs.toFixed(1)} ms)`);
    }
    state.ready = true;
    o.logger.info('ready');
  })();
  ready.catch((error: unknown) => {
    state.loadError = error instanceof Error ? error.message : String(error);
  });

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      state.closing = true;
      // In-flight requests finish; a client that stops reading its response gets CLOSE_GRACE_MS, then is cut off.
      const force = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      await app.close();
      clearTimeout(force);
      await Promise.all([...state.models.values()].map((m) => m.batcher.close()));
      await ready.catch(() => undefined);
      await pool?.close();
      if (onnxDir !== undefined) await rm(onnxDir, { recursive: true, force: true });
    })());
  return { url, port, ready, close };
}
