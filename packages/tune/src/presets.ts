import { searchSpaceFromLists } from './space/search-space';
import type { TunePreset } from './types';

/** Named searches. `refkit`: the reference kit's grid, lr {0.001, 0.01} x batch size {10, 20}, 5 epochs each. */
export const presets: Readonly<Record<string, TunePreset>> = Object.freeze({
  refkit: {
    description: "The reference kit's grid: learning rate {0.001, 0.01} x batch size {10, 20}, 5 epochs each",
    strategy: 'grid',
    space: searchSpaceFromLists({ lr: [0.001, 0.01], batchSize: [10, 20] }),
    epochs: 5,
  },
});
