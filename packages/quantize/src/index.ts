import { registerBuiltinCalibrators } from './calibrators/builtins';

registerBuiltinCalibrators();

export { quantize } from './quantize';
export { quantizeFile, reportFileFor } from './quantize-file';
export { registerCalibrator, getCalibrator, listCalibrators } from './calibrators/registry';
export { minMaxCalibrator } from './calibrators/minmax';
export { percentileCalibrator } from './calibrators/percentile';
export { entropyCalibrator, entropyThreshold } from './calibrators/entropy';
export { statsOf } from './tensor-stats';
export { activationParams, quantizeWeights } from './quant-params';
export { formatQuantizationReport } from './report';
export { GuardFailedError, isGuardFailedError } from './guard-failed-error';
export type {
  QuantizeOptions,
  QuantizeResult,
  QuantizationReport,
  QuantizeProgress,
  QuantizeMetric,
  CalibrationMethod,
  ActivationType,
  ModelScores,
  GuardCheck,
  GuardMetric,
  OpTypeStats,
  FallbackLayer,
  TrialRecord,
  TensorStats,
  TensorRange,
  Calibrator,
  CalibratorContext,
  QuantizeFileOptions,
} from './types';
export type { QParams } from './quant-params';
