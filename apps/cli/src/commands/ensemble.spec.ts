import { createModelCard, saveLayersModel, selectBackend } from '@medimg/core';
import { getArchitecture } from '@medimg/model';
import { readOnnxCard } from '@medimg/runtime';
import { join } from 'node:path';
import { medimg, tempDir } from '../bad-input/cli-run';

describe('medimg ensemble', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
  });

  it('exports two resnet-small seeds as one verified .onnx, and refuses a single member with exit code 2', async () => {
    const dir = await tempDir('ensemble');
    for (const seed of [1, 2]) {
      const model = getArchitecture('resnet-small')({ inputShape: [32, 32, 1], numClasses: 2, seed });
      const card = createModelCard({ architecture: 'resnet-small', classNames: ['NORMAL', 'PNEUMONIA'], positiveClass: 1, preprocessing: { imageSize: 32, channels: 1, resize: 'stretch', scale: 'in-graph' }, threshold: 0.2 * seed, provenance: { seed } });
      await saveLayersModel(model, join(dir, `seed${seed}`, 'best'), card);
      model.dispose();
    }
    const out = join(dir, 'ens.onnx');
    const ok = await medimg(['ensemble', '--model', join(dir, 'seed1'), '--model', join(dir, 'seed2'), '--out', out, '--json', '--backend', 'wasm']);
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.out) as { members: { architecture: string }[]; maxAbsDiff: number; threshold: number; architecture: string };
    expect(report.members.map((m) => m.architecture)).toEqual(['resnet-small', 'resnet-small']);
    expect(report.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(report.threshold).toBeCloseTo(0.3, 6);
    expect(report.architecture).toBe('ensemble(resnet-small x2)');
    expect(readOnnxCard(out).ensemble?.members.map((m) => m.seed)).toEqual([1, 2]);
    const one = await medimg(['ensemble', '--model', join(dir, 'seed1'), '--out', join(dir, 'one.onnx')]);
    expect(one.code).toBe(2);
    expect(one.err).toMatch(/models must list 2 or more model paths/);
  });
});
