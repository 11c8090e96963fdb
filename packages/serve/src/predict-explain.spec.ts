import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { selectBackend } from '@medimg/core';
import { preprocessImageFile } from '@medimg/dataset';
import { loadExplainer, type Explainer } from '@medimg/explain';
import { startServer } from './start-server';
import { tempDir, trainTinyModel } from './test-support/fixtures';
import type { ModelInfo, ModelServer, PredictHeatmap, PredictResponse } from './types';

// A trained tiny GAP network (conv -> pool -> conv -> pool -> conv -> GAP -> dense, 8x8 feature grid at 32 px), served
// three ways by a real server: the LayersModel (Grad-CAM in the worker), its ONNX export (the `cam` output in
// onnxruntime-node) and an export without the cam output (no heatmaps: 501). The oracle is @medimg/explain's tfjs
// Grad-CAM in this process.
const SIZE = 32;
let tmp: { dir: string; remove: () => Promise<void> };
let binary: Awaited<ReturnType<typeof trainTinyModel>>;
let triple: Awaited<ReturnType<typeof trainTinyModel>>;
let server: ModelServer;
let oracle: Explainer;

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  tmp = await tempDir('explain');
  binary = await trainTinyModel(join(tmp.dir, 'binary'), { classes: 2, size: SIZE, epochs: 4 });
  triple = await trainTinyModel(join(tmp.dir, 'triple'), { classes: 3, size: SIZE, epochs: 1 });
  oracle = await loadExplainer(binary.modelDir);
  server = await startServer({
    models: [
      { name: 'layers', path: binary.modelDir },
      { name: 'onnx', path: binary.onnxFile },
      { name: 'nocam', path: binary.noCamFile },
      { name: 'tri', path: triple.onnxFile },
    ],
    port: 0,
    threads: 1,
    backend: 'wasm',
  });
  await server.ready;
}, 600_000);
afterAll(async () => {
  await server?.close();
  oracle?.dispose();
  await tmp?.remove();
});

async function predict(model: string, file: string, explain: boolean | 'no-overlay'): Promise<{ status: number; body: PredictResponse & { error?: { message: string } } }> {
  const query = explain === 'no-overlay' ? '?explain=true&overlay=false' : explain ? '?explain=true' : '';
  const r = await fetch(`${server.url}/v1/models/${model}/predict${query}`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: await readFile(file) });
  return { status: r.status, body: (await r.json()) as PredictResponse & { error?: { message: string } } };
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
};

/** Shape and value checks every heatmap must pass. */
function checkHeatmap(h: PredictHeatmap, classNames: readonly string[]): void {
  expect([h.width, h.height, h.data.length]).toEqual([SIZE, SIZE, SIZE * SIZE]);
  expect([h.lowRes.width, h.lowRes.height, h.lowRes.data.length]).toEqual([8, 8, 64]);
  expect(Math.min(...h.data)).toBeGreaterThanOrEqual(0);
  expect(Math.min(...h.lowRes.data)).toBeGreaterThanOrEqual(0);
  expect(h.peak).toBeCloseTo(Math.max(...h.lowRes.data), 5);
  if (h.peak > 0) {
    expect(Math.max(...h.data)).toBeCloseTo(1, 5);
    expect(Math.min(...h.data)).toBeCloseTo(0, 5);
  } else expect(Math.max(...h.data)).toBe(0);
  expect(h.className).toBe(classNames[h.classIndex]);
  // the overlay: a 448 px PNG with a caption band, coloured (non-grey) where the map is hot
  expect(h.overlayPng).toBeDefined();
  const png = PNG.sync.read(Buffer.from(h.overlayPng as string, 'base64'));
  expect(png.width).toBe(448);
  expect(png.height).toBeGreaterThan(448);
  let coloured = 0;
  for (let i = 0; i < 448 * 448; i++) {
    const [r, g, b] = [png.data[i * 4] as number, png.data[i * 4 + 1] as number, png.data[i * 4 + 2] as number];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
  }
  if (h.peak > 0) expect(coloured).toBeGreaterThan(448 * 4);
}

describe('predict?explain=true', () => {
  it('says which models have heatmaps, and answers 501 naming the reason for one without', async () => {
    const { models } = (await (await fetch(`${server.url}/v1/models`)).json()) as { models: ModelInfo[] };
    expect(Object.fromEntries(models.map((m) => [m.name, m.explain]))).toEqual({ layers: true, onnx: true, nocam: false, tri: true });
    const r = await predict('nocam', binary.images[0] as string, true);
    expect(r.status).toBe(501);
    expect(r.body.error?.message).toMatch(/model "nocam" has no heatmaps .*no 'cam' output.*Fix: call predict without explain=true/);
    const plain = await predict('nocam', binary.images[0] as string, false);
    expect(plain.status).toBe(200);
    expect(plain.body.heatmap).toBeUndefined();
  });

  it('returns the map of the decided class; the ONNX CAM equals the tfjs Grad-CAM oracle (max |diff| < 1e-4)', async () => {
    const card = oracle.metadata;
    let worst = { map: 0, lowRes: 0, probability: 0 };
    for (const file of binary.images) {
      const [withMap, layers, plain, mapOnly] = await Promise.all([predict('onnx', file, true), predict('layers', file, true), predict('onnx', file, false), predict('onnx', file, 'no-overlay')]);
      for (const r of [withMap, layers, plain, mapOnly]) expect(r.status).toBe(200);
      expect(plain.body.heatmap).toBeUndefined();
      // overlay=false: the same map and low-res map, no PNG
      expect(mapOnly.body.heatmap?.overlayPng).toBeUndefined();
      expect(mapOnly.body.heatmap?.data).toEqual(withMap.body.heatmap?.data);
      expect(mapOnly.body.heatmap?.lowRes).toEqual(withMap.body.heatmap?.lowRes);
      expect(withMap.body.probabilities).toEqual(plain.body.probabilities);
      const onnx = withMap.body.heatmap as PredictHeatmap;
      const grad = layers.body.heatmap as PredictHeatmap;
      expect([onnx.method, grad.method]).toEqual(['cam', 'grad-cam']);
      checkHeatmap(onnx, card.classNames);
      checkHeatmap(grad, card.classNames);
      expect(onnx.className).toBe(withMap.body.prediction);
      expect(grad.className).toBe(layers.body.prediction);

      const pixels = await preprocessImageFile(file, card.preprocessing);
      const expected = await oracle.explain({ pixels, width: SIZE, height: SIZE, channels: 1 }, { classIndex: onnx.classIndex });
      const scale = Math.max(expected.peak, 1e-12);
      worst = {
        map: Math.max(worst.map, maxAbsDiff(onnx.data, expected.map), maxAbsDiff(grad.data, expected.map)),
        // Grad-CAM's channel weights are the dense weights / (h * w): the raw maps differ by that constant factor
        lowRes: Math.max(worst.lowRes, maxAbsDiff(onnx.lowRes.data.map((v) => v / onnx.peak), Array.from(expected.lowRes.data, (v) => v / scale))),
        probability: Math.max(worst.probability, maxAbsDiff(Object.values(withMap.body.probabilities), expected.probabilities)),
      };
    }
    console.log(`ONNX CAM vs tfjs Grad-CAM over ${binary.images.length} images: max |diff| map ${worst.map.toExponential(2)}, low-res (peak-normalised) ${worst.lowRes.toExponential(2)}, probability ${worst.probability.toExponential(2)}`);
    // Same function in float32 computed by two engines (onnxruntime's MLAS with batch norm folded by the export, tfjs
    // wasm/XNNPACK with batch norm applied): rounding differences of ~1e-6 relative per layer; min-max normalisation
    // divides by the map's range, so 1e-4 leaves two orders of margin while a wrong class, layer or upsampling moves
    // the map by > 1e-2.
    expect(worst.map).toBeLessThan(1e-4);
    expect(worst.lowRes).toBeLessThan(1e-4);
    expect(worst.probability).toBeLessThan(1e-5);
  });

  it('serves a 3-class model: a probability per class, the argmax decision and its map', async () => {
    const classNames = triple.classNames;
    expect([...classNames].sort()).toEqual(['BACTERIA', 'NORMAL', 'VIRUS']);
    for (const file of triple.images) {
      const r = await predict('tri', file, true);
      expect(r.status).toBe(200);
      expect(Object.keys(r.body.probabilities)).toEqual(classNames);
      const probs = Object.values(r.body.probabilities);
      expect(probs.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
      const top = probs.indexOf(Math.max(...probs));
      expect(r.body.prediction).toBe(classNames[top]);
      expect(r.body.decision).toEqual({ rule: 'the class with the highest probability', threshold: null, positiveClass: null });
      const h = r.body.heatmap as PredictHeatmap;
      expect(h.classIndex).toBe(top);
      checkHeatmap(h, classNames);
    }
  });

  it('documents the heatmap in the OpenAPI schema', async () => {
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      components: { schemas: Record<string, { properties: Record<string, { properties?: Record<string, unknown>; required?: string[] }> }> };
      paths: Record<string, { post?: { parameters?: { name: string; in: string; schema?: { default?: unknown } }[] } }>;
    };
    const heatmap = Object.values(spec.components.schemas).find((s) => s.properties?.['heatmap'] !== undefined)?.properties['heatmap'];
    expect(heatmap?.required).toEqual(expect.arrayContaining(['width', 'height', 'data', 'lowRes', 'classIndex']));
    expect(heatmap?.required).not.toContain('overlayPng'); // absent with overlay=false
    const params = spec.paths['/v1/models/{name}/predict']?.post?.parameters ?? [];
    expect(params.filter((q) => q.in === 'query').map((q) => [q.name, q.schema?.default])).toEqual([['explain', false], ['overlay', true]]);
    expect(Object.keys(heatmap?.properties ?? {})).toEqual(expect.arrayContaining(['overlayPng', 'lowRes', 'method', 'peak']));
  });
});

