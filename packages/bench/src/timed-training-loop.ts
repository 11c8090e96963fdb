import type { Logger } from '@medimg/core';
import { summarize } from './stats';
import type { Clock, LatencyStats } from './types';

/** How the training benchmarks' shared loop runs: the step and forward pass are the caller's (tfjs or an engine). */
export interface TimedTrainingLoopOptions {
  batchSize: number;
  steps: number;
  warmupSteps: number;
  forwardSteps: number;
  /** One training step on the benchmark batch; returns its loss once all its work is done. */
  step: () => number | Promise<number>;
  /** Makes the inference pass (called only when forwardSteps > 0); each call of what it returns is one pass. */
  forward: () => () => unknown;
  /** Called after each timed forward pass (memory sampling). */
  afterForward: () => void;
  clock: Clock;
  logger: Logger;
  onStep?: (step: number, ms: number) => void;
}

/** What the loop measured: the timing fields of a TrainingResult. */
export interface TimedTraining {
  stepMs: LatencyStats;
  trainImagesPerSecond: number;
  forwardMs: LatencyStats | null;
  forwardImagesPerSecond: number | null;
  loss: { first: number; last: number };
}

/**
 * `warmupSteps` untimed steps, `steps` timed ones, then (forwardSteps > 0) one untimed and `forwardSteps` timed
 * inference passes: the one loop of benchmarkTraining (tfjs) and benchmarkEngineTraining (training engines).
 */
export async function timedTrainingLoop(o: TimedTrainingLoopOptions): Promise<TimedTraining> {
  for (let i = 0; i < o.warmupSteps; i++) await o.step();
  const stepTimes: number[] = [];
  const losses: number[] = [];
  for (let i = 0; i < o.steps; i++) {
    const t0 = o.clock();
    losses.push(await o.step());
    const ms = o.clock() - t0;
    stepTimes.push(ms);
    o.logger.debug(`train step ${i + 1}/${o.steps}: ${ms.toFixed(0)} ms`);
    o.onStep?.(i + 1, ms);
  }
  const forwardTimes: number[] = [];
  if (o.forwardSteps > 0) {
    const pass = o.forward();
    await pass();
    for (let i = 0; i < o.forwardSteps; i++) {
      const t0 = o.clock();
      await pass();
      forwardTimes.push(o.clock() - t0);
      o.afterForward();
    }
  }
  const forwardMs = forwardTimes.length > 0 ? summarize(forwardTimes) : null;
  return {
    stepMs: summarize(stepTimes),
    trainImagesPerSecond: (o.batchSize * o.steps) / (stepTimes.reduce((s, x) => s + x, 0) / 1000),
    forwardMs,
    forwardImagesPerSecond: forwardMs === null ? null : (o.batchSize * forwardTimes.length) / (forwardTimes.reduce((s, x) => s + x, 0) / 1000),
    loss: { first: losses[0] ?? NaN, last: losses[losses.length - 1] ?? NaN },
  };
}
