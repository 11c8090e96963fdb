import type { LabeledImageSet } from '@medimg/core';
import { ValidationError } from '@medimg/core';
import type { OnnxModel } from '@medimg/onnx';

/** Checks the image set's shape against the model's (fixed) input dims. */
export function checkInputShape(model: OnnxModel, set: LabeledImageSet, role: string): void {
  const dims = model.graph.input.find((v) => !model.graph.initializer.some((t) => t.name === v.name))?.dims ?? [];
  const want = dims.slice(1);
  const got = [...set.shape];
  const bad = want.length !== 3 || want.some((d, i) => typeof d === 'number' && d > 0 && d !== got[i]);
  if (bad) {
    throw new ValidationError('quantize', [`${role} images are ${got.join('x')} but the model input is [${dims.join(', ')}] (NHWC). Fix: load the images with the model's preprocessing (imageSize, channels)`]);
  }
}
