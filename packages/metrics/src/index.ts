export { computeMetrics } from './binary-metrics';
export { rocCurve, rocAuc } from './roc';
export { multiclassMetrics } from './multiclass';
export { classificationReport, flattenReport } from './classification-report';
export type { ClassificationReportOptions } from './classification-report';
export { logLoss, MIN_PROBABILITY } from './log-loss';
export { binaryView } from './check-inputs';
export { resolvePositiveClass } from './positive-class';
export { bootstrap, classificationIntervals, quantileSorted } from './bootstrap';
export { calibration } from './calibration';
export { applyTemperature, fitTemperature } from './temperature';
export { probabilityHistograms } from './histograms';
export { poolPredictions } from './pool-predictions';
export type { Predictions } from './pool-predictions';
export { registerThresholdPolicy, listThresholdPolicies, thresholdPolicy } from './policies/registry';
export type { ThresholdPolicyFactory } from './policies/registry';
export { chooseThreshold, canonicalPolicyName, fitOperatingPoints, metricsAtThresholds, DEFAULT_THRESHOLD_POLICIES } from './policies/operating-points';
export type {
  Confusion, BinaryMetrics, RocPoint, MulticlassMetrics, ClassificationReport, Interval, BootstrapResult, BootstrapOptions,
  ReliabilityBin, CalibrationReport, ProbabilityHistograms, ThresholdPolicy, OperatingPoint,
} from './types';
export { decideClass } from './decide-class';
export type { DecisionRule } from './decide-class';
export { evaluationSummary } from './evaluation-summary';
export type { EvaluationSummary, EvaluationSummaryOptions } from './evaluation-summary';
