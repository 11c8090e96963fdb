import * as tf from '@tensorflow/tfjs';
import { OptionChecker, ValidationError } from '@medimg/core';
import { finishMap } from './finish-map';
import { applyThrough, camLayerIndex, layerChain } from './layer-chain';
import { logitHead } from './logit-head';
import type { ClassMap, GradCamOptions } from './types';

const WHERE = 'gradCam';

/**
 * Grad-CAM (Selvaraju et al. 2017) of a tfjs LayersModel for one image: the gradient of the class *logit* (before
 * the output softmax; or, for 2-class softmax models, the log-odds z_k - z_other: GradCamOptions.score)
 * with respect to the explained layer's activations A (default: the last conv block), in
 * inference mode; channel weights = spatial mean of the gradient; map = ReLU(sum_c weight_c * A_c), upsampled
 * bilinearly to the input size and min-max normalised to [0, 1].
 *
 * `image` is one input in the model's own units ([H, W, C] or [1, H, W, C], e.g. pixels / 255 for a model whose
 * card says `scale: 'unit'`). Synchronous; every intermediate tensor is freed.
 */
export function gradCam(model: tf.LayersModel, image: tf.Tensor, options: GradCamOptions = {}): ClassMap {
  const check = new OptionChecker(WHERE);
  check.check(model instanceof tf.LayersModel, 'model must be a tf.LayersModel');
  if (options.layer !== undefined) check.string('layer', options.layer);
  if (options.score !== undefined) check.oneOf('score', options.score, ['logit', 'log-odds']);
  if (typeof options.classIndex !== 'function' && options.classIndex !== undefined) check.int('classIndex', options.classIndex, 0, 100000);
  check.done();
  const chain = layerChain(model, WHERE);
  const at = camLayerIndex(chain, options.layer, WHERE);
  const layer = chain[at] as (typeof chain)[number];
  const head = logitHead(chain.slice(at + 1), WHERE);
  const inputShape = (model.inputs[0] as tf.SymbolicTensor).shape.slice(1);
  const shape = image.rank === 4 ? image.shape.slice(1) : image.shape;
  if ((image.rank !== 3 && !(image.rank === 4 && image.shape[0] === 1)) || shape.some((d, i) => d !== inputShape[i])) {
    throw new ValidationError(WHERE, [`image must be [${inputShape.join(', ')}] or [1, ${inputShape.join(', ')}] (the model input); got [${image.shape.join(', ')}]`]);
  }
  const [height, width] = shape as [number, number];

  let classIndex = -1;
  const [cam, probabilities] = tf.tidy(() => {
    const x = image.rank === 3 ? image.expandDims(0) : image;
    const features = applyThrough(model, chain, at, x);
    const probs = head.probabilities(head.logits(features));
    const numClasses = probs.shape[1];
    const choose = options.classIndex;
    classIndex = typeof choose === 'function' ? choose(probs.dataSync() as Float32Array) : (choose ?? (probs.argMax(1).dataSync()[0] as number));
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= numClasses) {
      throw new ValidationError(WHERE, [`classIndex ${classIndex} is out of range: the model has ${numClasses} classes`]);
    }
    const k = classIndex;
    const logOdds = options.score === 'log-odds' && head.activation === 'softmax' && numClasses === 2;
    const score = (f: tf.Tensor): tf.Tensor => {
      const z = head.logits(f);
      const zk = z.slice([0, k], [1, 1]);
      return (logOdds ? zk.sub(z.slice([0, 1 - k], [1, 1])) : zk).sum();
    };
    const grads = tf.grad(score)(features);
    const weights = grads.mean([1, 2], true);
    return [features.mul(weights).sum(-1).squeeze([0]), probs.squeeze([0])];
  });
  try {
    const [h, w] = cam.shape as [number, number];
    const finished = finishMap({ width: w, height: h, data: cam.dataSync() as Float32Array }, width, height);
    return {
      width,
      height,
      data: finished.data,
      method: 'grad-cam',
      classIndex,
      layer: layer.name,
      lowRes: finished.lowRes,
      peak: finished.peak,
      probabilities: Float32Array.from(probabilities.dataSync() as Float32Array),
    };
  } finally {
    tf.dispose([cam, probabilities]);
  }
}
