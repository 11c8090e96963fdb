/**
 * Inference worker thread (built to dist/inference-worker.cjs): loads every served model, warms each up, then
 * decodes, preprocesses and runs batches posted by the InferencePool. CPU work stays off the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { isDataError, type ImageBatch, type Predictor } from '@medimg/core';
import { preprocessImageBytes } from '@medimg/dataset';
import type { Explainer } from '@medimg/explain';
import { explainPixels, loadServedExplainer } from './explain-model';
import { loadServedModel } from './load-model';
import type { ExplainMap, ItemResult, LoadedModel, RunRequest, WorkerInit, WorkerMessage } from './protocol';

const port = parentPort;
if (port === null) throw new Error('Error in inference-worker: it must run as a worker thread (new Worker(...)).');
const init = workerData as WorkerInit;
const models = new Map<string, Predictor>();
const explainers = new Map<string, Explainer>();

/** An 8x8 grayscale PNG: the warm-up runs the decoder too, so the first request pays no decoder start-up. */
const WARMUP_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAAAAADhZOFXAAAAIElEQVR4AS3BMQ0AAAjAMEgmZP5VcrB2h7cSiUQikcg7QXMB2y0f01YAAAAASUVORK5CYII=', 'base64');

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

function batchOf(pixels: Uint8Array[], [h, w, c]: readonly [number, number, number]): ImageBatch {
  const all = new Uint8Array(pixels.length * h * w * c);
  pixels.forEach((p, i) => all.set(p, i * h * w * c));
  return { pixels: all, labels: new Int32Array(pixels.length), size: pixels.length, height: h, width: w, channels: c as 1 | 3, indices: Int32Array.from(pixels.keys()) };
}

/** The .onnx form of a model for the browser page: the file itself, or (worker 0 only) an export of a tfjs LayersModel. */
async function onnxFormOf(name: string, path: string, kind: string): Promise<{ onnxFile: string | null; onnxProblem?: string }> {
  if (kind === 'onnx') return { onnxFile: path };
  if (kind !== 'layers-model') return { onnxFile: null, onnxProblem: `a ${kind} has no ONNX export; serve the .onnx file of the model (medimg export-onnx) to run it in the browser` };
  if (init.index !== 0) return { onnxFile: join(init.onnxDir, `${name}.onnx`) };
  try {
    const { exportOnnx } = await import('@medimg/export');
    const outFile = join(init.onnxDir, `${name}.onnx`);
    await exportOnnx({ modelDir: path, outFile, verify: false });
    return { onnxFile: outFile };
  } catch (error) {
    return { onnxFile: null, onnxProblem: `ONNX export failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function load(): Promise<LoadedModel[]> {
  const loaded: LoadedModel[] = [];
  for (const spec of init.models) {
    const { predictor, path, kind } = await loadServedModel(spec, init);
    const t0 = performance.now();
    const pixels = await preprocessImageBytes(WARMUP_PNG, predictor.card.preprocessing, 'auto', 'the warm-up image');
    await predictor.predict(batchOf([pixels], predictor.inputShape));
    const warmupMs = performance.now() - t0;
    models.set(spec.name, predictor);
    const onnx = await onnxFormOf(spec.name, path, kind);
    const explained = await loadServedExplainer(path, init.threads);
    if ('explainer' in explained) explainers.set(spec.name, explained.explainer);
    const explain = 'explainer' in explained ? { explain: true } : { explain: false, explainProblem: explained.problem };
    loaded.push({ name: spec.name, path, engine: predictor.engine, card: predictor.card, numClasses: predictor.numClasses, inputShape: predictor.inputShape, warmupMs, ...onnx, ...explain });
  }
  return loaded;
}

async function run(request: RunRequest): Promise<void> {
  const predictor = models.get(request.model);
  if (predictor === undefined) throw new Error(`Error in inference-worker: model ${JSON.stringify(request.model)} is not loaded here`);
  const t0 = performance.now();
  const decoded = await Promise.all(
    request.images.map((bytes, i) =>
      preprocessImageBytes(bytes, predictor.card.preprocessing, 'auto', `image ${i + 1} of the batch`).then(
        (pixels) => ({ ok: true as const, pixels }),
        (error: unknown) => ({ ok: false as const, status: isDataError(error) ? 400 : 500, message: error instanceof Error ? error.message : String(error) }),
      ),
    ),
  );
  const t1 = performance.now();
  if (request.preprocessOnly === true) {
    const items: ItemResult[] = decoded.map((d) => (d.ok ? { ok: true, probabilities: new Float32Array(0), pixels: d.pixels } : d));
    post({ type: 'result', id: request.id, items, decodeMs: t1 - t0, computeMs: 0, batchSize: 0 });
    return;
  }
  const good = decoded.flatMap((d) => (d.ok ? [d.pixels] : []));
  const probs = good.length > 0 ? await predictor.predict(batchOf(good, predictor.inputShape)) : new Float32Array(0);
  const k = predictor.numClasses;
  const explainer = explainers.get(request.model);
  let next = 0;
  const items: ItemResult[] = [];
  for (const [i, d] of decoded.entries()) {
    if (!d.ok) {
      items.push(d);
      continue;
    }
    const row = probs.slice(next * k, (next + 1) * k);
    next++;
    let heatmap: ExplainMap | undefined;
    const wanted = request.explain[i] ?? 'none';
    if (wanted !== 'none' && explainer !== undefined) heatmap = await explainPixels(explainer, d.pixels, predictor.inputShape, wanted === 'overlay');
    items.push({ ok: true, probabilities: row, ...(heatmap !== undefined ? { heatmap } : {}) });
  }
  const t2 = performance.now();
  post({ type: 'result', id: request.id, items, decodeMs: t1 - t0, computeMs: t2 - t1, batchSize: good.length });
}

load().then(
  (loaded) => {
    post({ type: 'ready', models: loaded });
    port.on('message', (request: RunRequest) => {
      run(request).catch((error: unknown) => post({ type: 'run-error', id: request.id, message: error instanceof Error ? error.message : String(error) }));
    });
  },
  (error: unknown) => post({ type: 'load-error', message: error instanceof Error ? error.message : String(error) }),
);
