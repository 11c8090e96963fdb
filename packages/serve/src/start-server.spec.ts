import { readFile } from 'node:fs/promises';
import { loadPredictor } from '@medimg/runtime';
import { preprocessImageFile } from '@medimg/dataset';
import { startServer } from './start-server';
import { tempDir, writeOnnxModel, writeXrays } from './test-support/fixtures';
import type { ModelServer, PredictResponse } from './types';

// Real server, real worker threads, real onnxruntime, real JPEGs (built package needed: the worker is dist/inference-worker.cjs).
let tmp: { dir: string; remove: () => Promise<void> };
let fast = '';
let slow = '';
let images: string[] = [];

beforeAll(async () => {
  tmp = await tempDir('server');
  fast = await writeOnnxModel(tmp.dir, 32, 0.4);
  slow = await writeOnnxModel(tmp.dir, 448); // ~70 ms per image on one thread: batches long enough to overlap with
  images = await writeXrays(tmp.dir, 3, 96);
});
afterAll(() => tmp.remove());

const post = (server: ModelServer, path: string, body: Buffer | string | FormData, type?: string): Promise<Response> =>
  fetch(server.url + path, { method: 'POST', body, ...(type ? { headers: { 'content-type': type } } : {}) });

async function metric(server: ModelServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line === undefined ? NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('startServer', () => {
  it('answers multipart, raw and base64 uploads with the probabilities of the in-process predictor, and the decision at the card threshold', async () => {
    const server = await startServer({ models: [{ name: 'm', path: fast }], port: 0, workers: 1, threads: 1 });
    try {
      expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
      await server.ready;
      expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
      const reference = await loadPredictor(fast, { threads: 1 });
      const card = (await (await fetch(`${server.url}/v1/models/m`)).json()) as { card: { classNames: string[]; threshold: number }; inputShape: number[]; onnxUrl: string };
      expect(card.card.classNames).toEqual(['NORMAL', 'PNEUMONIA']);
      expect(card.card.threshold).toBe(0.4);
      expect(card.inputShape).toEqual([32, 32, 1]);
      for (const file of images) {
        const bytes = await readFile(file);
        const pixels = await preprocessImageFile(file, { imageSize: 32, channels: 1, resize: 'stretch', scale: 'unit' });
        const expected = await reference.predict({ pixels, labels: new Int32Array(1), size: 1, height: 32, width: 32, channels: 1, indices: new Int32Array(1) });
        const form = new FormData();
        form.append('image', new Blob([bytes], { type: 'image/jpeg' }), 'x.jpeg');
        const answers = await Promise.all([
          post(server, '/v1/models/m/predict', form),
          post(server, '/v1/models/m/predict', bytes, 'image/jpeg'),
          post(server, '/v1/models/m/predict', JSON.stringify({ image: bytes.toString('base64') }), 'application/json'),
        ]);
        for (const a of answers) {
          expect(a.status).toBe(200);
          const r = (await a.json()) as PredictResponse;
          expect(Math.abs((r.probabilities['NORMAL'] as number) - (expected[0] as number))).toBeLessThan(1e-6);
          expect(Math.abs((r.probabilities['PNEUMONIA'] as number) - (expected[1] as number))).toBeLessThan(1e-6);
          expect(r.prediction).toBe((expected[1] as number) >= 0.4 ? 'PNEUMONIA' : 'NORMAL');
          expect(r.decision.threshold).toBe(0.4);
        }
      }
      reference.dispose();
      const onnx = await fetch(server.url + card.onnxUrl);
      expect(Buffer.from(await onnx.arrayBuffer()).equals(await readFile(fast))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('refuses bad input with a status and a message naming the problem', async () => {
    const server = await startServer({ models: [{ name: 'm', path: fast }], port: 0, threads: 1, maxUploadBytes: 64 * 1024, maxImagePixels: 100 * 100 });
    try {
      await server.ready;
      const jpeg = await readFile(images[0] as string);
      const cases: [Response, number, RegExp][] = [
        [await post(server, '/v1/models/m/predict', 'hello', 'text/plain'), 415, /content type "text\/plain" is not accepted/],
        [await post(server, '/v1/models/m/predict', '{"x": 1}', 'image/png'), 415, /not a JPEG or PNG/],
        [await post(server, '/v1/models/m/predict', jpeg.subarray(0, 200), 'image/jpeg'), 400, /truncated JPEG/],
        [await post(server, '/v1/models/m/predict', Buffer.alloc(70 * 1024, 1), 'application/octet-stream'), 413, /limit of 65536 bytes/],
        [await post(server, '/v1/models/m/predict', JSON.stringify({ picture: 'x' }), 'application/json'), 400, /body must have required property 'image'/],
        [await post(server, '/v1/models/nope/predict', jpeg, 'image/jpeg'), 404, /no model named "nope".*"m"/],
      ];
      const big = await writeXrays(`${tmp.dir}/big`, 1, 128); // 128x128 > 100x100 pixel limit
      cases.push([await post(server, '/v1/models/m/predict', await readFile(big[0] as string), 'image/jpeg'), 413, /128x128 pixels/]);
      for (const [response, status, message] of cases) {
        const body = (await response.json()) as { error: { status: number; message: string } };
        expect([response.status, body.error.status]).toEqual([status, status]);
        expect(body.error.message).toMatch(message);
      }
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/medimg_http_requests_total\{route="\/v1\/models\/:name\/predict",model="m",status="415"\} 2/);
    } finally {
      await server.close();
    }
  });

  it('keeps /health/ready and /metrics answering while a batch computes, batches concurrent requests, and finishes in-flight work on close', async () => {
    const server = await startServer({ models: [{ name: 'slow', path: slow }], port: 0, workers: 1, threads: 1, maxBatch: 8, maxDelayMs: 20 });
    await server.ready;
    const jpeg = await readFile(images[0] as string);
    let settled = 0;
    const predictions = Array.from({ length: 8 }, () =>
      post(server, '/v1/models/slow/predict', jpeg, 'image/jpeg').then(async (r) => {
        settled++;
        return { status: r.status, body: (await r.json()) as PredictResponse };
      }),
    );
    // Wait until the worker is computing the batch, then ask the event loop for health and metrics.
    while ((await metric(server, 'medimg_batches_in_flight')) !== 1) await new Promise((r) => setTimeout(r, 2));
    const ready = await fetch(`${server.url}/health/ready`);
    const inFlight = await metric(server, 'medimg_batches_in_flight');
    expect(ready.status).toBe(200);
    expect(inFlight).toBe(1); // /metrics itself answered while the batch was still computing
    expect(settled).toBe(0);
    const closing = server.close(); // graceful: in-flight requests still get their answers
    const results = await Promise.all(predictions);
    await closing;
    expect(results.map((r) => r.status)).toEqual(new Array(8).fill(200));
    expect(Math.max(...results.map((r) => r.body.timing.batchSize))).toBeGreaterThan(1);
    await expect(fetch(`${server.url}/health/live`)).rejects.toThrow();
  });

  it('answers 503 with Retry-After when the queue is full and 504 when the deadline passes', async () => {
    const server = await startServer({ models: [{ name: 'slow', path: slow }], port: 0, threads: 1, maxBatch: 1, queueSize: 2 });
    try {
      await server.ready;
      const jpeg = await readFile(images[0] as string);
      const answers = await Promise.all(Array.from({ length: 8 }, () => post(server, '/v1/models/slow/predict', jpeg, 'image/jpeg')));
      const statuses = answers.map((a) => a.status).sort();
      // One image computing and two queued at most; the rest are refused at once.
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(3 + 2);
      expect(statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(3);
      const refused = answers.find((a) => a.status === 503) as Response;
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/queue is full.*--queue-size/);
    } finally {
      await server.close();
    }
    const strict = await startServer({ models: [{ name: 'slow', path: slow }], port: 0, threads: 1, timeoutMs: 5 });
    try {
      await strict.ready;
      const late = await post(strict, '/v1/models/slow/predict', await readFile(images[0] as string), 'image/jpeg');
      expect(late.status).toBe(504);
      expect(((await late.json()) as { error: { message: string } }).error.message).toMatch(/no result within \d+ ms.*--timeout-ms/);
    } finally {
      await strict.close();
    }
  });

  it('publishes OpenAPI generated from the route schemas and an HTML docs page', async () => {
    const server = await startServer({ models: [{ path: fast }], port: 0, threads: 1 });
    try {
      await server.ready;
      const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> };
      expect(spec.openapi).toMatch(/^3\./);
      expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/models', '/v1/models/{name}', '/v1/models/{name}/predict', '/health/ready', '/metrics']));
      expect(Object.keys(spec.paths['/v1/models/{name}/predict']!['post']!.requestBody!.content).sort()).toEqual(['application/json', 'image/jpeg', 'image/png', 'multipart/form-data']);
      const docs = await (await fetch(`${server.url}/docs`)).text();
      expect(docs).toMatch(/<code>\/v1\/models\/\{name\}\/predict<\/code>/);
      const models = (await (await fetch(`${server.url}/v1/models`)).json()) as { models: { name: string }[] };
      expect(models.models.map((m) => m.name)).toEqual(['compact-32']);
      const page = await fetch(`${server.url}/`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toMatch(/<script type="module" src="\/page\/app.js">/);
      const wasm = await fetch(`${server.url}/ort/ort-wasm-simd-threaded.wasm`);
      expect(wasm.headers.get('content-type')).toBe('application/wasm');
      expect(Buffer.from(await wasm.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('\0asm'); // the wasm magic number
    } finally {
      await server.close();
    }
  });
});
