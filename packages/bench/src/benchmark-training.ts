import * as tf from '@tensorflow/tfjs';
import { createRng, OptionChecker, silentLogger } from '@medimg/core';
import { defaultClock } from './clock';
import { imageShapeOf } from './engines/shape';
import { RssTracker } from './memory';
import { resultHeader } from './result-header';
import { timedTrainingLoop } from './timed-training-loop';
import type { BenchmarkTrainingOptions, TrainingResult } from './types';

function validate(o: BenchmarkTrainingOptions): void {
  const v = new OptionChecker('benchmarkTraining');
  v.check(o.model instanceof tf.LayersModel, 'model must be a tf.LayersModel');
  v.int('batchSize', o.batchSize, 1, 4096);
  v.int('steps', o.steps ?? 5, 1);
  v.int('warmupSteps', o.warmupSteps ?? 1, 0);
  v.int('forwardSteps', o.forwardSteps ?? o.steps ?? 5, 0);
  v.oneOf('optimizer', o.optimizer ?? 'adam', ['adam', 'sgd'] as const);
  v.number('learningRate', o.learningRate ?? 1e-4, 0);
  if (o.microBatchSize !== undefined) v.int('microBatchSize', o.microBatchSize, 1);
  v.done();
}

/**
 * Training and forward throughput of a model on the active tfjs backend, with a custom loop
 * (optimizer.minimize over categorical cross-entropy) on one seeded synthetic batch: `warmupSteps`
 * untimed steps, then `steps` timed ones; then `forwardSteps` timed inference passes. Each step waits
 * for its loss value, so the time covers all backend work. No tensors are leaked.
 */
export async function benchmarkTraining(options: BenchmarkTrainingOptions): Promise<TrainingResult> {
  validate(options);
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? defaultClock;
  const { model, batchSize } = options;
  const steps = options.steps ?? 5;
  const warmupSteps = options.warmupSteps ?? 1;
  const forwardSteps = options.forwardSteps ?? steps;
  const optimizerName = options.optimizer ?? 'adam';
  const lr = options.learningRate ?? 1e-4;
  const shape = imageShapeOf(model.inputs[0]?.shape ?? [], 'benchmarkTraining');
  const classes = model.outputs[0]?.shape[1];
  if (typeof classes !== 'number') throw new Error('benchmarkTraining: model output must be [batch, classes]');

  const rng = createRng(options.seed ?? 0);
  const pixels = new Float32Array(batchSize * shape[0] * shape[1] * shape[2]);
  for (let i = 0; i < pixels.length; i++) pixels[i] = rng.next();
  const labels = Array.from({ length: batchSize }, (_, i) => i % classes);
  const xs = tf.tensor4d(pixels, [batchSize, ...shape]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat());
  const optimizer = optimizerName === 'adam' ? tf.train.adam(lr) : tf.train.sgd(lr);
  const rss = new RssTracker();
  const micro = Math.min(options.microBatchSize ?? batchSize, batchSize);
  const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const lossOf = (x: tf.Tensor, y: tf.Tensor) => (): tf.Scalar => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
  const step = (): number => {
    if (micro >= batchSize) {
      const cost = optimizer.minimize(lossOf(xs, ys), true);
      const value = cost?.dataSync()[0] ?? NaN;
      cost?.dispose();
      rss.sample();
      return value;
    }
    // Gradient accumulation: computeGradients per micro-batch, weighted by its share of the batch, one update.
    let sum: tf.NamedTensorMap | null = null;
    let loss = 0;
    for (let start = 0; start < batchSize; start += micro) {
      const size = Math.min(micro, batchSize - start);
      const { value, grads } = tf.tidy(() => {
        const x = xs.slice([start, 0, 0, 0], [size, -1, -1, -1]);
        const y = ys.slice([start, 0], [size, -1]);
        const r = optimizer.computeGradients(lossOf(x, y), vars);
        const share = size / batchSize;
        const scaled: tf.NamedTensorMap = {};
        for (const [k, g] of Object.entries(r.grads)) scaled[k] = g.mul(share);
        return { value: r.value.mul(share), grads: scaled };
      });
      loss += value.dataSync()[0] ?? NaN;
      value.dispose();
      if (sum === null) sum = grads;
      else {
        const prev: tf.NamedTensorMap = sum;
        sum = tf.tidy(() => Object.fromEntries(Object.entries(prev).map(([k, g]) => [k, g.add(grads[k] as tf.Tensor)])));
        tf.dispose([Object.values(prev), Object.values(grads)]);
      }
      rss.sample();
    }
    if (sum !== null) {
      optimizer.applyGradients(Object.entries(sum).map(([name, tensor]) => ({ name, tensor })));
      tf.dispose(Object.values(sum));
    }
    return loss;
  };
  try {
    const timed = await timedTrainingLoop({
      batchSize, steps, warmupSteps, forwardSteps, clock, logger, ...(options.onStep ? { onStep: options.onStep } : {}),
      step,
      forward: () => () => tf.tidy(() => (model.predict(xs) as tf.Tensor).dataSync()),
      afterForward: () => rss.sample(),
    });
    return {
      ...resultHeader(options.label),
      kind: 'training',
      model: { label: options.label ?? model.name, params: model.countParams(), inputShape: shape, classes },
      backend: tf.getBackend(),
      engine: 'tfjs',
      batchSize,
      microBatchSize: Math.min(micro, batchSize),
      steps,
      warmupSteps,
      optimizer: optimizerName,
      ...timed,
      peakRssBytes: rss.peakBytes,
    };
  } finally {
    xs.dispose();
    ys.dispose();
    optimizer.dispose();
  }
}
