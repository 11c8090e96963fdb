import * as tf from '@tensorflow/tfjs';
import { OptionChecker } from '@medimg/core';
import { computeMetrics } from './metrics/binary-metrics';
import { multiclassMetrics } from './metrics/multiclass';
import { layersPredictor } from './predictor';
import { resolvePositiveClass } from './positive-class';
import type { EvaluateOptions, EvaluationReport, Predictor } from './types';

function isPredictor(model: Predictor | tf.LayersModel): model is Predictor {
  return !(model instanceof tf.LayersModel);
}

/** Positive-class probabilities and 0/1 labels from row-major probabilities. */
export function binaryView(probabilities: Float32Array, labels: Int32Array, numClasses: number, positive: number): { p: Float32Array; y: Int32Array } {
  const p = new Float32Array(labels.length);
  const y = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    p[i] = probabilities[i * numClasses + positive] as number;
    y[i] = labels[i] === positive ? 1 : 0;
  }
  return { p, y };
}

/**
 * Runs a model over every image of `set` (in set order) and reports per-image metrics: loss, argmax accuracy and
 * confusion, and for two classes the binary metrics at `threshold`. Accepts any Predictor (tfjs, ONNX, ...);
 * a LayersModel is wrapped but not disposed.
 */
export async function evaluate(options: EvaluateOptions): Promise<EvaluationReport> {
  const v = new OptionChecker('evaluate');
  v.check(options.set !== undefined && typeof options.set.batches === 'function', 'set must be a LabeledImageSet');
  v.number('threshold', options.threshold ?? 0.5, 0, 1);
  v.int('batchSize', options.batchSize ?? 32, 1);
  v.done();
  const { set } = options;
  const predictor = isPredictor(options.model) ? options.model : layersPredictor(options.model);
  const k = predictor.numClasses;
  const probabilities = new Float32Array(set.size * k);
  const labels = new Int32Array(set.size);
  let seen = 0;
  for await (const batch of set.batches({ batchSize: options.batchSize ?? 32 })) {
    const probs = await predictor.predict(batch);
    if (probs.length !== batch.size * k) throw new RangeError(`Error in evaluate: the predictor returned ${probs.length} values for ${batch.size} images x ${k} classes.`);
    for (let j = 0; j < batch.size; j++) {
      const index = batch.indices[j] as number;
      probabilities.set(probs.subarray(j * k, (j + 1) * k), index * k);
      labels[index] = batch.labels[j] as number;
    }
    seen += batch.size;
  }
  if (seen !== set.size) throw new RangeError(`Error in evaluate: the set yielded ${seen} images but reports size ${set.size}.`);
  let loss = 0;
  for (let i = 0; i < set.size; i++) loss -= Math.log(Math.max(probabilities[i * k + (labels[i] as number)] as number, 1e-7));
  const classNames = [...set.classNames];
  const positiveClass = resolvePositiveClass(classNames, options.positiveClass);
  const report: EvaluationReport = { size: set.size, classNames, loss: set.size > 0 ? loss / set.size : NaN, multiclass: multiclassMetrics(probabilities, labels, k), positiveClass, probabilities, labels };
  if (positiveClass !== null && k === 2) {
    const { p, y } = binaryView(probabilities, labels, k, positiveClass);
    report.binary = computeMetrics(p, y, options.threshold ?? 0.5);
  }
  return report;
}
