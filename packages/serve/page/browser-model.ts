import * as ort from 'onnxruntime-web/wasm';
import type { PageModelInfo } from './api';
import type { CamOutput } from './browser-heatmap';

// onnxruntime-web's .wasm comes from the server (served from node_modules); one thread needs no cross-origin isolation.
ort.env.wasm.wasmPaths = { wasm: '/ort/ort-wasm-simd-threaded.wasm' };
ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

const sessions = new Map<string, Promise<ort.InferenceSession>>();

function session(model: PageModelInfo): Promise<ort.InferenceSession> {
  const url = model.onnxUrl;
  if (url === null) return Promise.reject(new Error(`model ${model.name} has no ONNX file to run in the browser; serve an .onnx model`));
  let s = sessions.get(url);
  if (s === undefined) {
    s = fetch(url)
      .then((r) => {
        if (!r.ok) throw new Error(`downloading ${url}: HTTP ${r.status}`);
        return r.arrayBuffer();
      })
      .then((bytes) => ort.InferenceSession.create(new Uint8Array(bytes), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }));
    s.catch(() => sessions.delete(url));
    sessions.set(url, s);
  }
  return s;
}

/**
 * What the model's input expects, from the model card: unit-scaled pixels (value / 255) unless the card says the
 * scaling is inside the graph.
 */
export function inputScale(model: PageModelInfo): number {
  return model.card.preprocessing.scale === 'unit' ? 1 / 255 : 1;
}

/** Runs the model on one preprocessed image (HWC uint8) in this browser: class probabilities, and the `cam` output when the graph has one. */
export async function predictInBrowser(model: PageModelInfo, pixels: Uint8Array): Promise<{ probabilities: number[]; cam?: CamOutput }> {
  const s = await session(model);
  const [h, w, c] = model.inputShape;
  const x = new Float32Array(pixels.length);
  const scale = inputScale(model);
  if (scale === 1) x.set(pixels);
  else for (let i = 0; i < pixels.length; i++) x[i] = (pixels[i] as number) / 255;
  const out = await s.run({ [s.inputNames[0] as string]: new ort.Tensor('float32', x, [1, h, w, c]) });
  const y = out[s.outputNames[0] as string];
  if (y === undefined) throw new Error('the model produced no output');
  const cam = out['cam']; // @medimg/export's CAM_OUTPUT
  return { probabilities: Array.from(y.data as Float32Array), ...(cam !== undefined ? { cam: { data: cam.data as Float32Array, dims: cam.dims.map(Number) } } : {}) };
}
