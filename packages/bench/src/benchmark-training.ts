import * as tf from '@tensorflow/tfjs';
import { createRng, OptionChecker, silentLogger } from '@medimg/core';
import { defaultClock } from './clock';
import { imageShapeOf } from './engines/shape';
import { RssTracker } from './memory';
import { resultHeader } from './result-header';
import { summarize } from './stats';
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
  const step = (): number => {
    const cost = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar, true);
    const value = cost?.dataSync()[0] ?? NaN;
    cost?.dispose();
    rss.sample();
    return value;
  };
  try {
    for (let i = 0; i < warmupSteps; i++) step();
    const stepTimes: number[] = [];
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t0 = clock();
      losses.push(step());
      const ms = clock() - t0;
      stepTimes.push(ms);
      logger.debug(`train step ${i + 1}/${steps}: ${ms.toFixed(0)} ms`);
      options.onStep?.(i + 1, ms);
    }
    const forwardTimes: number[] = [];
    if (forwardSteps > 0) {
      tf.tidy(() => (model.predict(xs) as tf.Tensor).dataSync());
      for (let i = 0; i < forwardSteps; i++) {
        const t0 = clock();
        tf.tidy(() => (model.predict(xs) as tf.Tensor).dataSync());
        forwardTimes.push(clock() - t0);
        rss.sample();
      }
    }
    const stepMs = summarize(stepTimes);
    const forwardMs = forwardTimes.length > 0 ? summarize(forwardTimes) : null;
    return {
      ...resultHeader(options.label),
      kind: 'training',
      model: { label: options.label ?? model.name, params: model.countParams(), inputShape: shape, classes },
      backend: tf.getBackend(),
      batchSize,
      steps,
      warmupSteps,
      optimizer: optimizerName,
      stepMs,
      trainImagesPerSecond: (batchSize * steps) / (stepTimes.reduce((s, v) => s + v, 0) / 1000),
      forwardMs,
      forwardImagesPerSecond: forwardMs === null ? null : (batchSize * forwardTimes.length) / (forwardTimes.reduce((s, v) => s + v, 0) / 1000),
      loss: { first: losses[0] ?? NaN, last: losses[losses.length - 1] ?? NaN },
      peakRssBytes: rss.peakBytes,
    };
  } finally {
    xs.dispose();
    ys.dispose();
    optimizer.dispose();
  }
}
