import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './cli';

const exec = promisify(execFile);
const LIBS = ['core', 'metrics', 'dataset', 'model', 'train', 'tune', 'onnx', 'export', 'quantize', 'bench', 'pipeline', 'runtime', 'autodiff', 'zoo', 'explain', 'serve', 'distributed'];

/** A consumer program that uses every library through its public API only (ESM, NodeNext resolution). */
const PROGRAM = `
import * as tf from '@tensorflow/tfjs';
import { selectBackend, createRng } from '@medimg/core';
import { generateSyntheticXrays, prepareData } from '@medimg/dataset';
import { listArchitectures, getArchitecture } from '@medimg/model';
import { train } from '@medimg/train';
import { computeMetrics } from '@medimg/metrics';
import { listStrategies } from '@medimg/tune';
import { encodeModel } from '@medimg/onnx';
import { toOnnx } from '@medimg/export';
import { listCalibrators } from '@medimg/quantize';
import { listEngines } from '@medimg/bench';
import { PIPELINE_STAGES } from '@medimg/pipeline';
import { listPredictorEngines, loadPredictor } from '@medimg/runtime';
import { gradCam } from '@medimg/explain';
import { readZooCard, zooModelPath } from '@medimg/zoo';
import { startServer } from '@medimg/serve';
import { parseRedisUrl, QUEUES } from '@medimg/distributed';
import { exportOnnx } from '@medimg/export';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const backend = await selectBackend({ backend: 'wasm' });
const dir = mkdtempSync(join(tmpdir(), 'medimg-consumer-'));
await generateSyntheticXrays({ outDir: join(dir, 'data'), perClass: 12, size: 48, seed: 1 });
const data = await prepareData({ dataDir: join(dir, 'data'), imageSize: 32, channels: 1, cacheDir: join(dir, 'cache') });
const result = await train({ train: data.train, validation: data.validation, epochs: 1, batchSize: 8, outDir: join(dir, 'run') });
const model = getArchitecture('compact-cnn')({ inputShape: [32, 32, 1], numClasses: 2 });
const onnxBytes = encodeModel(toOnnx({ model }));
const cam = gradCam(model, tf.zeros([32, 32, 1]));
const predictor = await loadPredictor(join(dir, 'run'));
let probabilities = 0;
for await (const b of data.validation.batches({ batchSize: 4 })) {
  probabilities = (await predictor.predict(b)).length / b.size;
  break;
}
await predictor.dispose();
// serve: the packed inference worker (dist/inference-worker.cjs), the page and onnxruntime-web's wasm, an explained predict
const onnxFile = join(dir, 'model.onnx');
await exportOnnx({ modelDir: join(dir, 'run', 'best'), outFile: onnxFile });
const server = await startServer({ models: [{ name: 'm', path: onnxFile }], port: 0, threads: 1 });
await server.ready;
const xray = join(dir, 'data', 'train', 'PNEUMONIA', readdirSync(join(dir, 'data', 'train', 'PNEUMONIA')).sort()[0]!);
const answer = (await (await fetch(server.url + '/v1/models/m/predict?explain=true', { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: readFileSync(xray) })).json()) as { probabilities: Record<string, number>; heatmap?: { data: number[] } };
const served = { classes: Object.keys(answer.probabilities).length, heatmap: answer.heatmap?.data.length, page: (await fetch(server.url + '/')).status, app: (await fetch(server.url + '/page/app.js')).status, wasm: (await fetch(server.url + '/ort/ort-wasm-simd-threaded.wasm')).status };
await server.close();
const m = computeMetrics(Float32Array.from([0.9, 0.2]), Int32Array.from([1, 0]), 0.5);
console.log(JSON.stringify({
  backend: backend.name,
  tfBackend: tf.getBackend(),
  rng: createRng(1).int(1000) >= 0,
  architectures: listArchitectures().length,
  trainImages: data.train.size,
  epochsRun: result.epochsRun,
  onnxBytes: onnxBytes.byteLength,
  accuracy: m.accuracy,
  strategies: listStrategies(),
  calibrators: listCalibrators(),
  engines: listEngines().length,
  stages: PIPELINE_STAGES.length,
  predictorEngines: listPredictorEngines(),
  predictorEngine: predictor.engine,
  probabilities,
  zooFiles: ['zoo:pneumonia', 'zoo:pneumonia/onnx', 'zoo:pneumonia/int8', 'zoo:pneumonia-ensemble', 'zoo:pneumonia-ensemble/int8'].every((spec) => existsSync(zooModelPath(spec))),
  zooLicense: readZooCard('pneumonia').data.license,
  camPixels: cam.data.length,
  served,
  redisPort: parseRedisUrl('redis://127.0.0.1:6390/2', 'consumer').port,
  queues: Object.values(QUEUES),
}));
`;

describe('packaging: every library packs, installs into a fresh TypeScript project, compiles and runs', () => {
  it('builds a consumer against the tarballs (ESM + types) and requires each package from CommonJS', async () => {
    const work = await mkdtemp(join(tmpdir(), 'medimg-pack-'));
    const tarballs = join(work, 'tarballs');
    await mkdir(tarballs);
    // one npm process packs every workspace (one `npm pack` per folder cost ~2 s each)
    await exec('npm', ['pack', '--silent', '--pack-destination', tarballs, ...LIBS.flatMap((lib) => ['--workspace', `packages/${lib}`])], { cwd: ROOT });
    const files = (await readdir(tarballs)).sort();
    expect(files).toHaveLength(LIBS.length);
    const consumer = join(work, 'consumer');
    await mkdir(join(consumer, 'src'), { recursive: true });
    const rootPkg = JSON.parse(await (await import('node:fs/promises')).readFile(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const dev = rootPkg.devDependencies;
    await writeFile(
      join(consumer, 'package.json'),
      JSON.stringify({
        name: 'medimg-consumer',
        private: true,
        type: 'module',
        dependencies: {
          ...Object.fromEntries(files.map((f) => [`@medimg/${/^medimg-(.+)-\d+\.\d+\.\d+\.tgz$/.exec(f)![1]}`, `file:${join(tarballs, f)}`])),
          '@tensorflow/tfjs': dev['@tensorflow/tfjs'],
          '@tensorflow/tfjs-backend-wasm': dev['@tensorflow/tfjs-backend-wasm'],
          typescript: dev['typescript'],
          '@types/node': dev['@types/node'],
        },
        allowScripts: { 'onnxruntime-node': true, sharp: true, protobufjs: false },
      }),
    );
    await writeFile(join(consumer, '.npmrc'), 'onnxruntime-node-install=skip\nfund=false\naudit=false\n');
    await writeFile(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'dist', skipLibCheck: true, types: ['node'] }, include: ['src'] }),
    );
    await writeFile(join(consumer, 'src', 'main.ts'), PROGRAM);
    await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts=false'], { cwd: consumer, maxBuffer: 1 << 24 });
    await exec(process.execPath, [join(consumer, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: consumer }).catch((e: { stdout?: string }) => {
      throw new Error(`tsc failed in the consumer project:\n${e.stdout ?? String(e)}`);
    });
    const { stdout } = await exec(process.execPath, ['dist/main.js'], { cwd: consumer, env: { ...process.env, MEDIMG_BACKEND: '' } });
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(out).toMatchObject({ backend: 'wasm', tfBackend: 'wasm', rng: true, epochsRun: 1, accuracy: 1, stages: 9, zooFiles: true, zooLicense: 'CC BY 4.0', camPixels: 32 * 32 });
    expect(out['trainImages']).toBeGreaterThan(15);
    expect(out['served']).toEqual({ classes: 2, heatmap: 32 * 32, page: 200, app: 200, wasm: 200 });
    expect(out).toMatchObject({ redisPort: 6390, queues: ['medimg-trials', 'medimg-predict'] });
    expect(out['architectures']).toBeGreaterThanOrEqual(2);
    expect(out['onnxBytes']).toBeGreaterThan(10_000);
    expect(out['strategies']).toEqual(expect.arrayContaining(['grid', 'random', 'halving']));
    expect(out['calibrators']).toEqual(expect.arrayContaining(['minmax', 'percentile', 'entropy']));
    expect(out['engines']).toBeGreaterThanOrEqual(3);
    expect(out['predictorEngines']).toEqual(expect.arrayContaining(['tfjs-layers', 'tfjs-graph', 'onnxruntime']));
    expect(out).toMatchObject({ predictorEngine: 'tfjs-layers', probabilities: 2 });
    // each package alone in its own process (nothing loaded before it), the processes side by side
    const exports = await Promise.all(
      LIBS.map(async (lib) => {
        const { stdout: cjs } = await exec(process.execPath, ['-e', `const m = require('@medimg/${lib}'); process.stdout.write(String(Object.keys(m).length))`], { cwd: consumer });
        return [lib, Number(cjs)] as const;
      }),
    );
    for (const [lib, count] of exports) expect([lib, count > 0]).toEqual([lib, true]);
  }, 900_000);
});
