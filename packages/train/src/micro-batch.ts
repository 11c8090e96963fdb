import type * as tf from '@tensorflow/tfjs';

/** The wasm heap medimg plans for (tfjs-backend-wasm caps memory at 4 GB). */
export const WASM_HEAP_BYTES = 4 * 1024 ** 3;
/** Bytes kept per activation element in a training pass: the forward value, its gradient and temporaries (calibrated: a similar net at 256x256x3, batch 16, used 3.5 GB). */
const BYTES_PER_ACTIVATION = 4 * 5;
/** Weights, gradients, the accumulator and two Adam moments. */
const BYTES_PER_PARAM = 4 * 5;

/** Per-image activation elements of a forward pass (sum of every layer's output size). */
export function activationsPerImage(model: tf.LayersModel): number {
  let total = 0;
  for (const layer of model.layers) {
    const shapes = (Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]) as (number | null)[][];
    for (const shape of shapes) total += shape.slice(1).reduce((a: number, b) => a * (b ?? 1), 1);
  }
  return total;
}

/**
 * The largest micro-batch (<= batchSize) whose estimated training memory fits in `budgetBytes` (default
 * 70% of the 4 GB wasm heap, leaving room for fragmentation and the input pipeline). At least 1.
 */
export function autoMicroBatchSize(model: tf.LayersModel, batchSize: number, budgetBytes = WASM_HEAP_BYTES * 0.7): number {
  const params = model.countParams();
  const free = budgetBytes - params * BYTES_PER_PARAM;
  const perImage = activationsPerImage(model) * BYTES_PER_ACTIVATION;
  const fit = Math.floor(free / perImage);
  return Math.max(1, Math.min(batchSize, fit));
}
