import * as tf from '@tensorflow/tfjs';
import { silentLogger, type Logger } from '@medimg/core';
import { benchmarkEngineTraining, type TrainingResult } from '@medimg/bench';
import { buildNet } from './nets';
import { caseLabel, type TrainingCase } from './training-cases';

/** Training engines the training suite can measure besides tfjs' backends. */
export const ENGINE_NAMES = ['tfjs', 'onnxruntime'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/**
 * Times one training case on @medimg/train's onnxruntime engine (the same step `medimg train --engine onnxruntime`
 * runs: forward, class-weighted cross-entropy, gradients and Adam in one onnxruntime-node session, every core).
 */
export async function runOnnxruntimeCase(c: TrainingCase, steps: number, logger: Logger, onStep?: (s: number, ms: number) => void): Promise<TrainingResult | { reason: string }> {
  const built = { model: buildNet(c.architecture, c.inputShape) };
  const { onnxruntimeEngine } = await import('@medimg/train');
  const optimizer = tf.train.adam(1e-4);
  const engine = await onnxruntimeEngine({ model: built.model, optimizer, classWeights: [1, 1], batchSize: c.batchSize, microBatchSize: c.batchSize, logger: silentLogger });
  try {
    engine.setLearningRate(1e-4);
    return await benchmarkEngineTraining({
      engine, label: caseLabel(c), params: built.model.countParams(), inputShape: c.inputShape, classes: 2, batchSize: c.batchSize,
      // 2 warm-up steps: the engine ping-pongs between two sets of weight/moment buffers, and each set's first write
      // (page faults on ~0.6 GB for refkit-cnn@300) belongs to start-up, not to the steady-state step.
      steps, warmupSteps: 2, forwardSteps: steps, learningRate: 1e-4, logger, ...(onStep === undefined ? {} : { onStep }),
    });
  } finally {
    await engine.dispose();
    optimizer.dispose();
    built.model.dispose();
  }
}
