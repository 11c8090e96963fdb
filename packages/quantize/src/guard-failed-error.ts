import { hasErrorCode, MedimgError } from '@medimg/core';
import type { QuantizationReport } from './types';

/** The INT8 model failed the accuracy guard (an INT8 metric fell below (1 - tolerance) x FP32); carries the report. */
export class GuardFailedError extends MedimgError {
  readonly report: QuantizationReport;
  constructor(where: string, report: QuantizationReport) {
    const failed = report.guard.filter((c) => !c.met).map((c) => `${c.metric} ${c.int8.toFixed(4)} < goal ${c.goal.toFixed(4)} (FP32 ${c.fp32.toFixed(4)})`);
    super(
      'E_QUANT_GUARD',
      `Error in ${where}: the INT8 model failed the accuracy guard on ${report.validation.images} validation images after ${report.trials} trial(s): ${failed.join(', ')}. Fix: raise --tolerance, try --method percentile or entropy, or a larger --calibration-size.`,
    );
    this.report = report;
  }
}

export function isGuardFailedError(value: unknown): value is GuardFailedError {
  return hasErrorCode(value, 'E_QUANT_GUARD');
}
