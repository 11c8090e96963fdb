import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchPredict } from './batch-predict';
import type { PredictionLine } from './types';
import { startRedis, type TestRedis } from '../test-support/redis-server';
import { removeTempDirs, spawnWorker, stopWorkers, tempDir, waitFor, type SpawnedWorker } from '../test-support/fixtures';
import { writeImageFolder, writeTinyOnnx } from '../test-support/predict-fixtures';

// Real onnxruntime model, real PNG decoding, real redis-server and worker processes.
const IMAGES = 2000;
let dir: string;
let dataDir: string;
let model: string;
let files: string[];
let local: Map<string, PredictionLine>;
let redis: TestRedis | undefined;
const workers: SpawnedWorker[] = [];

function readLines(path: string): PredictionLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as PredictionLine);
}

function expectEachFileOnce(lines: PredictionLine[]): void {
  expect(lines.map((l) => l.file).sort()).toEqual(files);
}

beforeAll(() => {
  dir = tempDir('predict');
  dataDir = join(dir, 'archive');
  files = writeImageFolder(dataDir, IMAGES);
  model = join(dir, 'tiny.onnx');
  writeTinyOnnx(model);
});
afterAll(async () => {
  await stopWorkers(workers);
  await redis?.stop();
  removeTempDirs();
});

describe('batchPredict', () => {
  it('streams a folder into one JSON line per image (decision at the card threshold), unreadable images as error lines', async () => {
    const out = join(dir, 'local.jsonl');
    const progress: number[] = [];
    const summary = await batchPredict({ model, dataDir, out, batchSize: 64, onProgress: (p) => progress.push(p.done) });
    expect(summary).toMatchObject({ total: IMAGES + 1, resumed: 0, predicted: IMAGES + 1, failed: 1, engine: 'onnxruntime', cancelled: false });
    const lines = readLines(out);
    expectEachFileOnce(lines);
    expect(progress[progress.length - 1]).toBe(IMAGES + 1);
    local = new Map(lines.map((l) => [l.file, l]));
    expect(local.get('broken.png')?.error).toMatch(/cannot read image/);
    for (const l of lines.filter((x) => x.error === undefined)) {
      const p = l.probabilities as Record<string, number>;
      expect(p['NORMAL']! + p['PNEUMONIA']!).toBeCloseTo(1, 5);
      expect(l.decision).toBe(p['PNEUMONIA']! >= 0.6 ? 'PNEUMONIA' : 'NORMAL');
      expect(l.threshold).toBe(0.6);
    }
    // The tiny model separates the generated classes (bright centre = PNEUMONIA).
    const right = lines.filter((l) => l.decision !== undefined && l.file.startsWith(l.decision)).length;
    expect(right / IMAGES).toBeGreaterThan(0.9);
  });

  it('resumes after a SIGKILL (and a torn last line) without predicting a finished file again', async () => {
    const out = join(dir, 'killed.jsonl');
    const script = join(dir, 'predict.cjs');
    writeFileSync(
      script,
      `require(${JSON.stringify(join(__dirname, '..', '..', 'dist', 'index.cjs'))}).batchPredict({ model: ${JSON.stringify(model)}, dataDir: ${JSON.stringify(dataDir)}, out: ${JSON.stringify(out)}, batchSize: 16 })
  .then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    const count = (): number => readFileSync(out, 'utf8').split('\n').length - 1;
    await waitFor(`the run to write 200 lines (${stderr})`, () => {
      try {
        return count() >= 200;
      } catch {
        return false;
      }
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = readLines(out).length;
    expect(before).toBeLessThan(IMAGES + 1);
    appendFileSync(out, '{"file":"NORMAL/img-0'); // a write cut short by the kill

    const summary = await batchPredict({ model, dataDir, out });
    expect(summary).toMatchObject({ total: IMAGES + 1, resumed: before, predicted: IMAGES + 1 - before });
    const lines = readLines(out);
    expectEachFileOnce(lines);
    for (const l of lines) expect(l).toEqual(local.get(l.file));
  });

  it('--queue: 2 workers share the chunks, each file exactly once, same predictions as locally', async () => {
    redis = await startRedis();
    const url = redis.url;
    workers.push(...['p1', 'p2'].map((name) => spawnWorker({ url, name, queues: ['predict'], decodeWorkers: 1 })));
    await Promise.all(workers.map((w) => w.ready));
    const out = join(dir, 'queue.jsonl');
    const summary = await batchPredict({ model, dataDir, out, queue: url, chunkSize: 100, maxInFlight: 4 });
    expect(summary).toMatchObject({ total: IMAGES + 1, predicted: IMAGES + 1, failed: 1, workers: ['p1', 'p2'], engine: 'onnxruntime' });
    const lines = readLines(out);
    expectEachFileOnce(lines);
    for (const l of lines) expect(l).toEqual(local.get(l.file));
    // A rerun finds every file done and queues nothing.
    const again = await batchPredict({ model, dataDir, out, queue: url });
    expect(again).toMatchObject({ resumed: IMAGES + 1, predicted: 0 });
    expect(readLines(out)).toHaveLength(IMAGES + 1);
  });
});
