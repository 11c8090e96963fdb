import * as tf from '@tensorflow/tfjs';
import { OptionChecker } from '@medimg/core';
import { classificationReport, resolvePositiveClass } from '@medimg/metrics';
import { layersPredictor } from './predictor';
import { ttaPredictor } from './tta-predictor';
import type { EvaluateOptions, EvaluationReport, Predictor } from './types';

function isPredictor(model: Predictor | tf.LayersModel): model is Predictor {
  return !(model instanceof tf.LayersModel);
}

/**
 * Runs a model over every image of `set` (in set order) and reports per-image metrics (`classificationReport` of
 * @medimg/metrics): loss, multi-class metrics, and for two classes the binary metrics at `threshold`; with `tta`, the
 * probabilities are the mean over those views of each image. Accepts any Predictor (tfjs, ONNX, ...);
 * a LayersModel is wrapped but not disposed.
 */
export async function evaluate(options: EvaluateOptions): Promise<EvaluationReport> {
  const v = new OptionChecker('evaluate');
  v.check(options.set !== undefined && typeof options.set.batches === 'function', 'set must be a LabeledImageSet');
  v.number('threshold', options.threshold ?? 0.5, 0, 1);
  v.int('batchSize', options.batchSize ?? 32, 1);
  v.done();
  const { set } = options;
  const model = isPredictor(options.model) ? options.model : layersPredictor(options.model);
  const predictor = options.tta !== undefined && options.tta.length > 0 ? ttaPredictor(model, options.tta) : model;
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
  const classNames = [...set.classNames];
  const positiveClass = k === 2 ? resolvePositiveClass(classNames, options.positiveClass) : null;
  const report = classificationReport(probabilities, labels, k, { threshold: options.threshold ?? 0.5, positiveClass });
  return { ...report, classNames, probabilities, labels };
}
