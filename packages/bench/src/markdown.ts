import type { BaselineComparison, InferenceResult, MachineInfo, TrainingResult } from './types';

const f = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const mb = (bytes: number): string => `${Math.round(bytes / 2 ** 20)}`;

/** One line describing the machine a result was measured on. */
export function machineLine(m: MachineInfo): string {
  return `${m.cpuModel}, ${m.cores} cores, ${mb(m.totalMemoryBytes)} MiB, ${m.platform}/${m.arch}, Node ${m.node}, 1-min load ${m.loadAverage1m.toFixed(2)}`;
}

/** A Markdown table of training results (one row per model x backend). */
export function trainingTable(results: readonly TrainingResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.model.label} | ${r.model.inputShape.join('x')} | ${(r.model.params / 1e6).toFixed(2)}M | ${r.engine ?? 'tfjs'} | ${r.backend} | ${r.batchSize} | ${r.steps} | ${f(r.trainImagesPerSecond, 2)} | ${f(r.stepMs.p50 / 1000, 2)} | ${r.forwardImagesPerSecond === null ? 'n/a' : f(r.forwardImagesPerSecond, 2)} | ${mb(r.peakRssBytes)} |`,
  );
  return ['| model | input | params | engine | backend | batch | steps | train images/s | step p50 (s) | forward images/s | peak RSS (MiB) |', '|---|---|---|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

/** A Markdown table of one inference result (one row per batch size x threads). */
export function inferenceTable(result: InferenceResult): string {
  const head = `**${result.engine}** (${result.precision}, ${result.backend}) on \`${result.model.label}\` ${result.model.inputShape.join('x')}, sha256 \`${result.model.hash.slice(0, 12)}\``;
  const rows = result.cases.map(
    (c) =>
      `| ${c.batchSize} | ${c.threads ?? 'default'} | ${c.trials} | ${f(c.perBatchMs.min, 2)} | ${f(c.perBatchMs.mean, 2)} | ${f(c.perBatchMs.p50, 2)} | ${f(c.perBatchMs.p90, 2)} | ${f(c.perBatchMs.p99, 2)} | ${f(c.perImageMs.mean, 3)} | ${f(c.throughput, 1)} | ${mb(c.peakRssBytes)} |`,
  );
  const ref = (result.referenceKit?.minLatencyMsBatch1 ?? []).map((m) => `threads ${m.threads ?? 'default'}: ${f(m.ms, 2)} ms`).join('; ');
  return [
    head,
    '',
    '| batch | threads | trials | min ms | mean ms | p50 ms | p90 ms | p99 ms | ms/image | images/s | peak RSS MiB |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    ...(ref === '' ? [] : ['', `Reference-kit figure, minimum latency over ${result.referenceKit?.runs} runs at batch 1: ${ref}.`]),
  ].join('\n');
}

/** A Markdown list of a baseline comparison's regressions and improvements. */
export function comparisonMarkdown(c: BaselineComparison): string {
  const lines = c.changes.filter((x) => x.status !== 'unchanged').map((x) => `- ${x.status}: \`${x.key}\` ${f(x.baseline, 2)} -> ${f(x.current, 2)} (${x.change >= 0 ? '+' : ''}${f(x.change * 100, 1)}%)`);
  return lines.length === 0 ? `No change beyond the ${f(c.noise * 100, 0)}% noise threshold.` : lines.join('\n');
}
