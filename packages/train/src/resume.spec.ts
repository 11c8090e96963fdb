import * as tf from '@tensorflow/tfjs';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { loadLayersModel, selectBackend } from '@medimg/core';
import { readCheckpoint } from './checkpoint';
import { syntheticXraySet } from './testing/synthetic-set';
import { registerTinyArchitecture } from './testing/tiny-architecture';
import { train } from './train';
import type { EpochRecord, TrainOptions } from './types';

const root = resolve(__dirname, '../../..');

/** Bundles the child script to plain JS (workspace packages from source, tfjs external). */
function bundleChild(outFile: string): void {
  const alias: Record<string, string> = {};
  for (const name of ['core', 'model', 'train', 'autodiff', 'onnx']) alias[`@medimg/${name}`] = join(root, 'packages', name, 'src', 'index.ts');
  buildSync({ entryPoints: [join(__dirname, 'testing', 'train-child.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: outFile, alias, external: ['@tensorflow/*', 'onnxruntime-node', 'protobufjs'], nodePaths: [join(root, 'node_modules')], logLevel: 'error' });
}

/** Runs the child and SIGKILLs it once it reports `killAt` (epoch, batch). Resolves with the last reported batch. */
function runAndKill(script: string, outDir: string, epochs: number, killAt: [number, number], engine = 'tfjs'): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script, outDir, String(epochs), engine, `${killAt[0]}:${killAt[1]}`], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_PATH: join(root, 'node_modules') } });
    let last = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (!line.startsWith('batch ')) continue;
        last = line;
        const [, e, b] = line.split(' ').map(Number);
        if (e === killAt[0] && b === killAt[1]) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolvePromise(last) : reject(new Error(`child exited ${code} ${signal}: ${stderr}`))));
  });
}

async function finalWeights(dir: string): Promise<Float32Array[]> {
  const model = await loadLayersModel(dir);
  const values = model.getWeights().map((w) => w.dataSync() as Float32Array);
  model.dispose();
  return values;
}

describe('kill -9 and resume', () => {
  let out: string;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    registerTinyArchitecture();
    out = await mkdtemp(join(tmpdir(), 'medimg-resume-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
    await rm(join(root, 'node_modules', '.cache', 'medimg-train-test', `child-${process.pid}.cjs`), { force: true });
  });

  it.each(['tfjs', 'onnxruntime'])('%s engine: loses at most the running epoch and ends with the same weights as an uninterrupted run', async (engine) => {
    // Inside node_modules so the child resolves tfjs like the workspace does.
    const script = join(root, 'node_modules', '.cache', 'medimg-train-test', `child-${process.pid}.cjs`);
    bundleChild(script);
    const killed = join(out, `killed-${engine}`);
    const last = await runAndKill(script, killed, 4, [3, 2], engine);
    expect(last).toMatch(/^batch 3 [2-5]$/); // killed inside epoch 3 (a batch or two may print before the signal lands)
    const saved = await readCheckpoint(killed);
    expect(saved.epoch).toBe(2); // epoch 3 was running: lost, epochs 1-2 kept

    const options: TrainOptions = {
      train: syntheticXraySet({ perClass: 24, size: 24, seed: 1 }), validation: syntheticXraySet({ perClass: 8, size: 24, seed: 2 }),
      architecture: 'test-tiny', outDir: killed, epochs: 4, batchSize: 8, lr: 3e-3, seed: 5, schedule: 'plateau', earlyStoppingPatience: 0, engine,
    };
    const before = tf.memory().numTensors;
    const resumed = await train({ ...options, resume: true });
    expect(tf.memory().numTensors).toBe(before);
    expect(resumed.epochsRun).toBe(4);
    expect(resumed.epochsThisRun).toBe(2);
    const log = (await readFile(join(killed, 'train-log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as EpochRecord);
    expect(log.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    expect(log.map((r) => r.engine)).toEqual([engine, engine, engine, engine]);

    const straight = await train({ ...options, outDir: join(out, `straight-${engine}`) });
    expect(straight.history.map((r) => r.loss)).toHaveLength(4);
    // Same shuffles, same weights, same Adam moments: the resumed run matches the uninterrupted one.
    for (let e = 0; e < 4; e++) expect(log[e]!.loss).toBeCloseTo(straight.history[e]!.loss, 4);
    const a = await finalWeights(join(killed, 'last'));
    const b = await finalWeights(join(out, `straight-${engine}`, 'last'));
    let maxDiff = 0;
    a.forEach((w, i) => w.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - (b[i]![j] as number))))));
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it('without restoring Adam moments the weights would differ (the check above can fail)', async () => {
    const options: TrainOptions = {
      train: syntheticXraySet({ perClass: 24, size: 24, seed: 1 }), architecture: 'test-tiny', epochs: 2, batchSize: 8, lr: 3e-3, seed: 5, outDir: join(out, 'a'),
    };
    await train(options);
    await train({ ...options, outDir: join(out, 'b'), epochs: 1 });
    // Fresh optimizer for epoch 2 (resume from a checkpoint whose optimizer state we drop):
    const specsPath = join(out, 'b', 'checkpoint', 'epoch-1', 'optimizer.json');
    const specs = JSON.parse(await readFile(specsPath, 'utf8')) as unknown[];
    await writeFile(specsPath, JSON.stringify(specs.slice(0, 1))); // keep the iteration count, drop the moments
    await train({ ...options, outDir: join(out, 'b'), resume: true });
    const a = await finalWeights(join(out, 'a', 'last'));
    const b = await finalWeights(join(out, 'b', 'last'));
    let maxDiff = 0;
    a.forEach((w, i) => w.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - (b[i]![j] as number))))));
    expect(maxDiff).toBeGreaterThan(1e-3);
  });
});
