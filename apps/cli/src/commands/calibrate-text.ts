import type { ModelCard } from '@medimg/core';
import type { ThresholdSetFit } from '@medimg/train';
import { fittedOnLabel } from './evaluate-text';

const f = (x: number | null | undefined): string => (x === undefined || x === null || Number.isNaN(x) ? 'n/a' : x.toFixed(4));

/** What `medimg calibrate` prints: the new decision threshold against the old one, the metrics at it, every operating point. */
export function calibrationText(o: { before: ModelCard; after: ModelCard; written: string; fit: ThresholdSetFit }): string {
  const { before, after, fit } = o;
  const on = after.thresholdPolicy.on ?? 'validation';
  const lines = [
    `threshold ${f(before.threshold)} (${before.thresholdPolicy.name} on ${before.thresholdPolicy.on ?? 'validation'}) -> ${f(after.threshold)} (${after.thresholdPolicy.name} on ${fittedOnLabel(on)}, ${fit.images} images)`,
    `temperature ${before.calibration ? before.calibration.temperature.toFixed(3) : 'n/a'} -> ${after.calibration?.temperature.toFixed(3) ?? 'n/a'}`,
  ];
  for (const key of on === 'validation' ? ['validation'] : ['validation', on]) {
    const m = after.metrics?.[key];
    if (m !== undefined) lines.push(`at the threshold, ${key} (${m.images} images): accuracy ${f(m.accuracy)}  sensitivity ${f(m.sensitivity)}  specificity ${f(m.specificity)}  auc ${f(m.auc)}`);
  }
  if (fit.points !== undefined) {
    lines.push(`operating points (on ${fittedOnLabel(on)}):`);
    const width = Math.max(...fit.points.map((p) => p.policy.length));
    for (const p of fit.points) lines.push(`  ${p.policy.padEnd(width)}  threshold ${f(p.threshold)}  sensitivity ${f(p.metrics.sensitivity)}  specificity ${f(p.metrics.specificity)}`);
  }
  lines.push(`model card written: ${o.written}`);
  return lines.join('\n');
}
