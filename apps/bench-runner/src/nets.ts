import type * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '@medimg/bench';
import { describeArchitecture, getArchitecture, type ArchitectureSpec } from '@medimg/model';

/** The registered architecture for `inputShape` with 2 classes (seed 0): what the training suite times. */
export function buildNet(architecture: string, inputShape: ImageShape): tf.LayersModel {
  return getArchitecture(architecture)({ inputShape: inputShape as [number, number, 1 | 3], numClasses: 2, seed: 0 });
}

/** The same network as a layer list (@medimg/model's describeArchitecture): what the PyTorch peer builds. */
export function describeNet(architecture: string, inputShape: ImageShape): ArchitectureSpec {
  return describeArchitecture(architecture, inputShape as [number, number, 1 | 3], 2);
}

/** The network's own tfjs topology (model.json `modelTopology`), for benches that cannot import @medimg/model. */
export function netTopology(architecture: string, inputShape: ImageShape): unknown {
  const model = buildNet(architecture, inputShape);
  try {
    return model.toJSON(null, false);
  } finally {
    model.dispose();
  }
}
