import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readdir, readFile, writeFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../backend/select-backend';
import { isModelIOError } from '../errors/model-io-error';
import { createModelCard } from '../model-card/create-model-card';
import { loadLayersModel, readModelCard, saveLayersModel } from './model-files';

const metadata = createModelCard({
  architecture: 'test-net',
  classNames: ['NORMAL', 'PNEUMONIA'],
  positiveClass: 1,
  preprocessing: { imageSize: 8, channels: 1, resize: 'stretch', scale: 'unit' },
  threshold: 0.42,
});

function smallNet(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 3, kernelSize: 3, activation: 'relu', }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  return model;
}

describe.each(['cpu', 'wasm'] as const)('fileSystemIO on %s', (backend) => {
  beforeAll(async () => {
    await selectBackend({ backend });
  });

  it('saves and loads a LayersModel with identical outputs and metadata', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medimg-io-'));
    const model = smallNet();
    await saveLayersModel(model, dir, metadata);
    await saveLayersModel(model, dir, metadata); // a second save replaces, leaving one weights file
    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toBe('model.json');
    expect(files[1]).toMatch(/^weights-[0-9a-f]{16}\.bin$/);
    const loaded = await loadLayersModel(dir);
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 3);
    const before = tf.memory().numTensors;
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0])).toBe(0);
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
    expect(await readModelCard(dir)).toEqual(metadata);
    tf.dispose(x);
    model.dispose();
    loaded.dispose();
  });
});

describe('fileSystemIO errors', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'cpu' });
  });

  it('names a missing directory and the fix', async () => {
    const error = await loadLayersModel('/nonexistent/medimg-model').catch((e: unknown) => e);
    expect(isModelIOError(error)).toBe(true);
    expect((error as Error).message).toMatch(/\/nonexistent\/medimg-model is not a directory. Fix:/);
  });

  it('detects truncated weights and corrupt model.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medimg-io-bad-'));
    const model = smallNet();
    await saveLayersModel(model, dir, metadata);
    const weights = (await readdir(dir)).find((f) => f.endsWith('.bin'))!;
    await truncate(join(dir, weights), 10);
    const truncated = await loadLayersModel(dir).catch((e: unknown) => e);
    expect((truncated as Error).message).toMatch(/hold 10 bytes but model.json describes \d+/);
    await writeFile(join(dir, 'model.json'), '{"modelTopology": ');
    const corrupt = await loadLayersModel(dir).catch((e: unknown) => e);
    expect(isModelIOError(corrupt)).toBe(true);
    expect((corrupt as Error).message).toMatch(/model.json is not valid JSON/);
    expect(await readFile(join(dir, 'model.json'), 'utf8')).toBe('{"modelTopology": ');
    model.dispose();
  });
});
