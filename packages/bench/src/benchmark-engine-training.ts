import { createRng, OptionChecker, silentLogger, type ImageBatch, type Rng } from '@medimg/core';
import { defaultClock } from './clock';
import { RssTracker } from './memory';
import { resultHeader } from './result-header';
import { timedTrainingLoop } from './timed-training-loop';
import type { Clock, ImageShape, TrainingResult } from './types';
import type { Logger } from '@medimg/core';

/** A training engine as this benchmark drives it (structurally @medimg/train's TrainingEngine). */
export interface TrainingStepEngine {
  readonly name: string;
  readonly description: string;
  step(batch: ImageBatch, random: Rng): Promise<number>;
  predictor(): { predict(batch: ImageBatch): Promise<Float32Array> };
}

/** Options of benchmarkEngineTraining. Defaults: steps 5, warmupSteps 1, forwardSteps = steps, seed 0, logger silent. */
export interface BenchmarkEngineTrainingOptions {
  engine: TrainingStepEngine;
  /** Network label and parameter count, for tables. */
  label: string;
  params: number;
  inputShape: ImageShape;
  classes: number;
  batchSize: number;
  steps?: number;
  warmupSteps?: number;
  forwardSteps?: number;
  /** Learning rate the engine was set to (recorded). */
  learningRate?: number;
  seed?: number;
  logger?: Logger;
  onStep?: (step: number, ms: number) => void;
  clock?: Clock;
}

/**
 * Times full training steps (forward, loss, backward, Adam) of a training engine on one seeded synthetic uint8
 * batch, then inference-mode predictions on the same batch. The result's `engine` is the engine's name and
 * `backend` its description.
 */
export async function benchmarkEngineTraining(options: BenchmarkEngineTrainingOptions): Promise<TrainingResult> {
  const v = new OptionChecker('benchmarkEngineTraining');
  v.int('batchSize', options.batchSize, 1);
  v.int('steps', options.steps ?? 5, 1);
  v.int('warmupSteps', options.warmupSteps ?? 1, 0);
  v.int('forwardSteps', options.forwardSteps ?? options.steps ?? 5, 0);
  v.done();
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? defaultClock;
  const { engine, batchSize, inputShape, classes } = options;
  const steps = options.steps ?? 5;
  const warmupSteps = options.warmupSteps ?? 1;
  const forwardSteps = options.forwardSteps ?? steps;
  const rng = createRng(options.seed ?? 0);
  const [h, w, c] = inputShape;
  const pixels = new Uint8Array(batchSize * h * w * c);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.floor(rng.next() * 256);
  const batch: ImageBatch = { pixels, labels: Int32Array.from({ length: batchSize }, (_, i) => i % classes), size: batchSize, height: h, width: w, channels: c as 1 | 3, indices: Int32Array.from({ length: batchSize }, (_, i) => i) };
  const rss = new RssTracker();
  const timed = await timedTrainingLoop({
    batchSize, steps, warmupSteps, forwardSteps, clock, logger, ...(options.onStep ? { onStep: options.onStep } : {}),
    step: async () => {
      const loss = await engine.step(batch, rng);
      rss.sample();
      return loss;
    },
    forward: () => {
      const predictor = engine.predictor();
      return () => predictor.predict(batch);
    },
    afterForward: () => rss.sample(),
  });
  return {
    ...resultHeader(options.label),
    kind: 'training',
    model: { label: options.label, params: options.params, inputShape, classes },
    backend: engine.description,
    engine: engine.name,
    batchSize,
    microBatchSize: batchSize,
    steps,
    warmupSteps,
    optimizer: 'adam',
    ...timed,
    peakRssBytes: rss.peakBytes,
  };
}
