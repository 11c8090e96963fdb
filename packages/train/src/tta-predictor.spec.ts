import { selectBackend, type ImageBatch } from '@medimg/core';
import { getArchitecture } from '@medimg/model';
import { evaluate } from './evaluate';
import { syntheticXraySet } from './testing/synthetic-set';
import { ttaPredictor } from './tta-predictor';
import { layersPredictor } from './predictor';

/** A deterministic view: every pixel brighter by `add`. */
const brighter = (add: number) => (b: ImageBatch): ImageBatch => ({ ...b, pixels: Uint8Array.from(b.pixels, (v) => Math.min(255, v + add)) });

describe('test-time augmentation', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
  });

  it('one identity view equals plain evaluation exactly; more views give the mean of the views', async () => {
    const model = getArchitecture('compact-cnn')({ inputShape: [32, 32, 1], numClasses: 2, seed: 5 });
    const set = syntheticXraySet({ perClass: 6, size: 32, seed: 9 });
    const plain = await evaluate({ model, set });
    const one = await evaluate({ model, set, tta: [(b) => b] });
    expect(Buffer.from(one.probabilities.buffer).equals(Buffer.from(plain.probabilities.buffer))).toBe(true);
    expect(one.loss).toBe(plain.loss);

    const views = [(b: ImageBatch) => b, brighter(60)];
    const two = await evaluate({ model, set, tta: views });
    const lifted = await evaluate({ model, set, tta: [brighter(60)] });
    let maxDiff = 0;
    for (let i = 0; i < plain.probabilities.length; i++) {
      expect(two.probabilities[i]).toBeCloseTo(((plain.probabilities[i] as number) + (lifted.probabilities[i] as number)) / 2, 6);
      maxDiff = Math.max(maxDiff, Math.abs((two.probabilities[i] as number) - (plain.probabilities[i] as number)));
    }
    expect(maxDiff).toBeGreaterThan(1e-4);
    expect(() => ttaPredictor(layersPredictor(model), [])).toThrow(/at least one view/);
    model.dispose();
  });
});
