import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModelCard, saveLayersModel, selectBackend } from '@medimg/core';
import { generateSyntheticXrays } from '@medimg/dataset';
import { exportOnnx } from '@medimg/export';
import { getArchitecture } from '@medimg/model';
import { buildCli } from '../build-cli';

describe('medimg explain', () => {
  let dir: string;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    dir = await mkdtemp(join(tmpdir(), 'medimg-explain-cli-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('writes an overlay, a JSON map and an .npy map per image for a LayersModel and its ONNX export', async () => {
    const model = getArchitecture('compact-cnn')({ inputShape: [32, 32, 1], numClasses: 2, seed: 3 });
    const preprocessing = { imageSize: 32, channels: 1 as const, resize: 'stretch' as const, scale: 'in-graph' as const };
    await saveLayersModel(model, join(dir, 'model'), createModelCard({ architecture: 'compact-cnn', classNames: ['NORMAL', 'PNEUMONIA'], positiveClass: 1, preprocessing, threshold: 0.4 }));
    model.dispose();
    await exportOnnx({ modelDir: join(dir, 'model'), outFile: join(dir, 'model.onnx') });
    await generateSyntheticXrays({ outDir: join(dir, 'data'), perClass: 1, size: 48, seed: 1, splits: { test: 0, val: 0 } });
    const image = join(dir, 'data', 'train', 'PNEUMONIA', (await readdir(join(dir, 'data', 'train', 'PNEUMONIA')))[0]!);
    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    try {
      await buildCli(['explain', '--model', join(dir, 'model'), image, '--out', join(dir, 'tfjs'), '--json', '--quiet', '--backend', 'wasm']).parseAsync();
      await buildCli(['explain', '--model', join(dir, 'model.onnx'), image, join(dir, 'missing.png'), '--out', join(dir, 'onnx'), '--class', 'PNEUMONIA', '--quiet']).parseAsync();
    } finally {
      spy.mockRestore();
    }
    const first = JSON.parse(out[0]!) as { overlay: string; json: string; npy: string; prediction: string; className: string };
    expect(first.className).toBe(first.prediction);
    expect(await readdir(join(dir, 'tfjs'))).toEqual(expect.arrayContaining([expect.stringMatching(/\.overlay\.png$/), expect.stringMatching(/\.map\.json$/), expect.stringMatching(/\.map\.npy$/), 'explain.json']));
    const tfjsMap = JSON.parse(await readFile(first.json, 'utf8')) as { data: number[]; method: string };
    expect(tfjsMap.method).toBe('grad-cam');
    expect(out[1]).toMatch(/-> (NORMAL|PNEUMONIA); map of PNEUMONIA: .*\.overlay\.png\n$/);
    const onnxIndex = JSON.parse(await readFile(join(dir, 'onnx', 'explain.json'), 'utf8')) as { method: string; explained: unknown[]; skipped: { image: string }[] };
    expect(onnxIndex.method).toBe('cam');
    expect(onnxIndex.explained).toHaveLength(1);
    expect(onnxIndex.skipped.map((s) => s.image)).toEqual([join(dir, 'missing.png')]);
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
  });
});
