import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createModelCard, saveLayersModel, selectBackend } from '@medimg/core';
import { generateSyntheticXrays } from '@medimg/dataset';
import { getArchitecture } from '@medimg/model';
import { medimg, tempDir } from './cli-run';

describe('bad model files: a clear error naming the file and the fix', () => {
  let dir: string;
  let image: string;
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    dir = await tempDir('bad-model');
    await generateSyntheticXrays({ outDir: join(dir, 'data'), perClass: 2, size: 32, seed: 1, splits: { test: 0, val: 0 } });
    const normal = join(dir, 'data', 'train', 'NORMAL');
    image = join(normal, (await readdir(normal))[0] as string);
  });

  async function saveModel(name: string, size: number): Promise<string> {
    const model = getArchitecture('compact-cnn')({ inputShape: [size, size, 1], numClasses: 2, seed: 2 });
    const out = join(dir, name);
    await saveLayersModel(model, out, createModelCard({ architecture: 'compact-cnn', classNames: ['NORMAL', 'PNEUMONIA'], positiveClass: 1, preprocessing: { imageSize: size, channels: 1, resize: 'stretch', scale: 'in-graph' }, threshold: 0.5 }));
    model.dispose();
    return out;
  }

  it('a model directory missing its weights file', async () => {
    const model = await saveModel('no-weights', 32);
    const weights = (await readdir(model)).find((f) => f.endsWith('.bin')) as string;
    await rm(join(model, weights));
    const json = await readFile(join(model, 'model.json'), 'utf8');
    const r = await medimg(['predict', '--model', model, image, '--backend', 'wasm']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(weights);
    expect(r.err).toMatch(/is missing or unreadable\. Fix: copy the whole model directory/);
    expect(r.out).toBe('');
    expect(await readFile(join(model, 'model.json'), 'utf8')).toBe(json);
  });

  it('an ONNX file whose input shape is not the one its model card (and so the data) has', async () => {
    const model = await saveModel('m48', 48);
    const onnx = join(dir, 'm48.onnx');
    const exported = await medimg(['export-onnx', '--model', model, '--out', onnx, '--quiet']);
    expect(exported.code).toBe(0);
    // the same graph under a card that claims 32x32 inputs (e.g. a card copied from another model)
    const { decodeModel, encodeModel } = await import('@medimg/onnx');
    const decoded = decodeModel(new Uint8Array(await readFile(onnx)));
    const entry = decoded.metadataProps.find((p) => p.key === 'medimg');
    if (!entry) throw new Error('export wrote no medimg card');
    const card = JSON.parse(entry.value) as { inputShape: number[]; preprocessing: { imageSize: number } };
    card.inputShape = [32, 32, 1];
    card.preprocessing.imageSize = 32;
    entry.value = JSON.stringify(card);
    const other = join(dir, 'other-shape.onnx');
    await writeFile(other, encodeModel(decoded));
    const r = await medimg(['evaluate', '--model', other, '--data-dir', join(dir, 'data'), '--split', 'train', '--backend', 'wasm']);
    expect([1, 2]).toContain(r.code); // 2 when the model and its card disagree (bad usage), 1 for a runtime failure
    expect(r.err).toContain(other);
    expect(r.err).toMatch(/48.*32|32.*48/);
    expect(r.err).toMatch(/Fix: /);
    const p = await medimg(['predict', '--model', other, image, '--backend', 'wasm']);
    expect([1, 2]).toContain(p.code);
    expect(p.err).toContain(other);
    expect(p.out).toBe('');
  });
});
