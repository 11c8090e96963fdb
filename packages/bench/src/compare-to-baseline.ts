import { OptionChecker } from '@medimg/core';
import { benchMetrics } from './metrics';
import type { BaselineComparison, BenchResult, CompareOptions, MetricChange } from './types';

/**
 * Compares results with a saved baseline metric by metric (throughput higher is better, latency lower).
 * A change worse than `noise` (relative, default 0.1 = 10%) is a regression; better than it, an improvement.
 */
export function compareToBaseline(results: readonly BenchResult[], baseline: readonly BenchResult[], options: CompareOptions = {}): BaselineComparison {
  const noise = options.noise ?? 0.1;
  const v = new OptionChecker('compareToBaseline');
  v.number('noise', noise, 0, 10);
  v.done();
  const before = new Map(baseline.flatMap(benchMetrics).map((m) => [m.key, m]));
  const now = results.flatMap(benchMetrics);
  const changes: MetricChange[] = [];
  const added: string[] = [];
  for (const m of now) {
    const b = before.get(m.key);
    if (b === undefined) {
      added.push(m.key);
      continue;
    }
    const change = b.value === 0 ? 0 : (m.value - b.value) / b.value;
    const worse = m.higherIsBetter ? change < -noise : change > noise;
    const better = m.higherIsBetter ? change > noise : change < -noise;
    changes.push({ key: m.key, baseline: b.value, current: m.value, change, status: worse ? 'regression' : better ? 'improvement' : 'unchanged' });
  }
  const seen = new Set(now.map((m) => m.key));
  return { noise, changes, regressions: changes.filter((c) => c.status === 'regression'), missing: [...before.keys()].filter((k) => !seen.has(k)), added };
}
