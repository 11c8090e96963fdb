import * as tf from '@tensorflow/tfjs';
import { loadLayersModel, readModelMetadata, ValidationError } from '@medimg/core';

/**
 * The weights of the medimg LayersModel in `dir`, checked against the run they initialise: same architecture,
 * input shape [h, w, c] and class names (in order). Throws a ValidationError naming the mismatch and the fix.
 */
export async function initialWeights(dir: string, run: { architecture: string; inputShape: readonly [number, number, number]; classNames: readonly string[] }): Promise<tf.Tensor[]> {
  const meta = await readModelMetadata(dir);
  const { imageSize, channels } = meta.preprocessing;
  const problems: string[] = [];
  if (meta.architecture !== run.architecture) problems.push(`${dir} is a ${meta.architecture} model but the run trains ${run.architecture}. Fix: pass --model ${meta.architecture}`);
  if (imageSize !== run.inputShape[0] || imageSize !== run.inputShape[1] || channels !== run.inputShape[2]) {
    problems.push(`${dir} takes ${imageSize}x${imageSize}x${channels} inputs but the run's images are ${run.inputShape.join('x')}. Fix: pass --image-size ${imageSize} --channels ${channels}`);
  }
  if (meta.classNames.join('\n') !== run.classNames.join('\n')) problems.push(`${dir} predicts ${JSON.stringify(meta.classNames)} but the data's classes are ${JSON.stringify(run.classNames)}. Fix: train on a folder with the same class folders`);
  if (problems.length > 0) throw new ValidationError('train (init)', problems);
  const model = await loadLayersModel(dir);
  try {
    return model.getWeights().map((w) => w.clone());
  } finally {
    model.dispose();
  }
}
