import type { EvaluationSummary } from '@medimg/metrics';

const f = (x: number | undefined, d = 4): string => (x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(d));

/** `0.8270 [0.7970, 0.8560]`: a metric with its bootstrap interval when there is one. */
function withInterval(s: EvaluationSummary, name: string, value: number | undefined): string {
  const ci = s.intervals?.intervals[name];
  return ci === undefined ? f(value) : `${f(value)} [${f(ci.lo)}, ${f(ci.hi)}]`;
}

/** How the text names the set the card's thresholds were fitted on. */
export function fittedOnLabel(on: string | undefined): string {
  return on === 'stress' ? 'validation pooled with its shift-stress variants' : (on ?? 'validation');
}

/** The human-readable evaluation: decision metrics with intervals, calibration, operating points, histograms. */
export function evaluationText(s: EvaluationSummary, o: { setLabel: string; classNames: readonly string[]; policy: string; fittedOn?: string }): string {
  const lines = [`${s.size} images (${o.setLabel}), loss ${f(s.loss)}`];
  const ci = s.intervals ? ` (${Math.round(s.intervals.level * 100)}% bootstrap intervals, ${s.intervals.resamples} resamples)` : '';
  const b = s.binary;
  if (b) {
    const positive = o.classNames[s.positiveClass ?? 1] ?? 'positive';
    lines.push(
      `decision: ${positive} when p(${positive}) >= ${f(b.threshold)} (${o.policy})${ci}`,
      `accuracy ${withInterval(s, 'accuracy', s.accuracy)} (at the threshold)`,
      `sensitivity ${withInterval(s, 'sensitivity', b.sensitivity)}  specificity ${withInterval(s, 'specificity', b.specificity)}`,
      `precision ${withInterval(s, 'precision', b.precision)}  f1 ${withInterval(s, 'f1', b.f1)}  auc ${withInterval(s, 'auc', b.auc)}`,
      `confusion (positive = ${positive}): tp ${b.confusion.tp}  fp ${b.confusion.fp}  tn ${b.confusion.tn}  fn ${b.confusion.fn}`,
      `argmax accuracy ${withInterval(s, 'argmaxAccuracy', s.argmaxAccuracy)} (for reference: not the model's decision)`,
    );
  } else {
    lines.push(
      `decision: argmax${ci}`,
      `accuracy ${withInterval(s, 'accuracy', s.accuracy)} (argmax)  macro f1 ${withInterval(s, 'macroF1', s.multiclass.macro.f1)}  macro auc ${withInterval(s, 'macroAuc', s.multiclass.macro.auc)}`,
      ...o.classNames.map((name, c) => `  ${name}: precision ${f(s.multiclass.precision[c])} recall ${f(s.multiclass.recall[c])} f1 ${f(s.multiclass.f1[c])} auc ${f(s.multiclass.auc[c])}`),
      `confusion [true][predicted]: ${JSON.stringify(s.multiclass.confusion)}`,
    );
  }
  const after = s.calibration.afterTemperature;
  lines.push(`calibration: ECE ${f(s.calibration.ece)} (MCE ${f(s.calibration.mce)})${after ? `; after temperature ${f(after.temperature, 3)} (fitted on ${o.fittedOn ?? 'validation'}): ECE ${f(after.ece)}, loss ${f(after.loss)}` : ''}`);
  if (s.operatingPoints.length > 0) {
    lines.push(`operating points (thresholds chosen on ${o.fittedOn ?? 'validation'}):`);
    const width = Math.max(...s.operatingPoints.map((p) => p.policy.length));
    for (const p of s.operatingPoints) {
      const m = p.metrics;
      lines.push(`  ${p.policy.padEnd(width)}  threshold ${f(p.threshold)}  accuracy ${f(m.accuracy)}  sensitivity ${f(m.sensitivity)}  specificity ${f(m.specificity)}  precision ${f(m.precision)}`);
    }
  }
  const h = s.histograms;
  const scored = h.scoreClass === 'own' ? 'its own class' : `p(${o.classNames[h.scoreClass] ?? h.scoreClass})`;
  lines.push(`histogram of ${scored} per true class (${h.counts[0]?.length ?? 0} bins over [0, 1]):`);
  const width = Math.max(...o.classNames.map((n) => n.length));
  h.counts.forEach((row, c) => lines.push(`  ${(o.classNames[c] ?? String(c)).padEnd(width)}  ${row.map((n) => String(n).padStart(4)).join('')}`));
  return lines.join('\n');
}
