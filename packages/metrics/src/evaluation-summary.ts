import { OptionChecker } from '@medimg/core';
import { classificationIntervals } from './bootstrap';
import { binaryView } from './check-inputs';
import { calibration } from './calibration';
import { classificationReport } from './classification-report';
import { probabilityHistograms } from './histograms';
import { logLoss } from './log-loss';
import { metricsAtThresholds } from './policies/operating-points';
import { applyTemperature } from './temperature';
import type { BootstrapResult, CalibrationReport, ClassificationReport, OperatingPoint, ProbabilityHistograms } from './types';

/**
 * Options of `evaluationSummary`. Defaults: threshold 0.5, positiveClass 1 for two classes, no operating points,
 * no temperature, resamples 1000 (0 = no intervals), seed 0, level 0.95, bins 10.
 */
export interface EvaluationSummaryOptions {
  threshold?: number;
  positiveClass?: number | null;
  /** Thresholds fitted on validation, by policy name (a model card's `operatingPoints`): metrics at each. */
  operatingPoints?: Readonly<Record<string, number>>;
  /** Temperature fitted on validation (a model card's `calibration.temperature`): calibration after scaling too. */
  temperature?: number;
  resamples?: number;
  seed?: number;
  level?: number;
  bins?: number;
}

/** Everything a clinician-facing evaluation shows for one set of predictions. */
export interface EvaluationSummary extends ClassificationReport {
  /** How the decision is made: at `binary.threshold` (two classes) or by argmax. */
  decision: 'threshold' | 'argmax';
  /** Percentile-bootstrap intervals of every metric (names as in `flattenReport`); null when resamples is 0. */
  intervals: BootstrapResult | null;
  calibration: CalibrationReport & { afterTemperature?: CalibrationReport & { temperature: number; loss: number } };
  /** Binary: the metrics at each stored policy's threshold. */
  operatingPoints: OperatingPoint[];
  /** Binary: p(positive) per true class; more classes: each image's probability of its own class. */
  histograms: ProbabilityHistograms;
}

/**
 * The classification report of predictions plus what makes it trustworthy: 95% bootstrap intervals of every
 * metric, calibration (ECE, reliability bins; also after the stored temperature), the metrics at every stored
 * operating point and probability histograms per class.
 */
export function evaluationSummary(probabilities: Float32Array, labels: Int32Array, numClasses: number, options: EvaluationSummaryOptions = {}): EvaluationSummary {
  const v = new OptionChecker('evaluationSummary');
  v.int('resamples', options.resamples ?? 1000, 0);
  if (options.temperature !== undefined) v.number('temperature', options.temperature, Number.MIN_VALUE);
  v.done();
  const reportOptions = { ...(options.threshold === undefined ? {} : { threshold: options.threshold }), ...(options.positiveClass === undefined ? {} : { positiveClass: options.positiveClass }) };
  const report = classificationReport(probabilities, labels, numClasses, reportOptions);
  const bins = options.bins ?? 10;
  const resamples = options.resamples ?? 1000;
  const intervals = resamples === 0 ? null : classificationIntervals(probabilities, labels, numClasses, { ...reportOptions, resamples, ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.level === undefined ? {} : { level: options.level }) });
  const calib: EvaluationSummary['calibration'] = calibration(probabilities, labels, numClasses, { bins });
  if (options.temperature !== undefined) {
    const scaled = applyTemperature(probabilities, numClasses, options.temperature);
    calib.afterTemperature = { ...calibration(scaled, labels, numClasses, { bins }), temperature: options.temperature, loss: logLoss(scaled, labels, numClasses) };
  }
  const positive = report.positiveClass;
  let operatingPoints: OperatingPoint[] = [];
  if (positive !== null && options.operatingPoints !== undefined) {
    const { p, y } = binaryView(probabilities, labels, numClasses, positive);
    operatingPoints = metricsAtThresholds(p, y, options.operatingPoints);
  }
  return {
    ...report,
    decision: report.binary ? 'threshold' : 'argmax',
    intervals,
    calibration: calib,
    operatingPoints,
    histograms: probabilityHistograms(probabilities, labels, numClasses, { bins, scoreClass: positive ?? 'own' }),
  };
}
