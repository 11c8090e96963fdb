import type { TuneSummary, TrialResult } from '../types';

function fmt(value: number | undefined): string {
  if (value === undefined) return '';
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(4);
}

function paramCell(r: TrialResult): string {
  return Object.entries(r.params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

function oneLine(text: string): string {
  const first = text.split('\n')[0] ?? '';
  return (first.length > 120 ? first.slice(0, 117) + '...' : first).replace(/\|/g, '\\|');
}

/** The Markdown report of a search: settings, the best trial, and every trial sorted by the objective. */
export function formatSummaryMarkdown(summary: TuneSummary): string {
  const { objective } = summary;
  const metricNames = [...new Set(summary.trials.flatMap((t) => Object.keys(t.metrics)))].sort((a, b) => (a === objective.metric ? -1 : b === objective.metric ? 1 : a.localeCompare(b)));
  const lines = [
    `# Hyperparameter search (${summary.strategy})`,
    '',
    `- Objective: ${objective.direction} validation \`${objective.metric}\` (ties: lower compute, then fewer seconds)`,
    `- Trials: ${summary.counts.total} (${summary.counts.ok} ok, ${summary.counts.failed} failed; ${summary.counts.resumed} resumed from the store, ${summary.counts.ran} run now)`,
    `- Full budget: ${summary.epochs} epochs; ${summary.parallel} trial(s) at once, ${summary.threadsPerTrial === 0 ? 'threads set by each worker' : `${summary.threadsPerTrial} thread(s) each`}`,
    `- Wall time of this run: ${summary.wallSeconds.toFixed(1)} s; sum of trial times: ${summary.trialSeconds.toFixed(1)} s`,
    summary.best
      ? `- Best: \`${summary.best.id}\` (${paramCell(summary.best)}, ${summary.best.budget} epochs): ${objective.metric} = ${fmt(summary.best.objective ?? undefined)}${summary.bestDir ? `; model in ${summary.bestDir}` : ''}`
      : '- Best: none (no trial succeeded)',
    '',
    `| # | trial | params | epochs | rung | status | ${metricNames.join(' | ')} | seconds | error |`,
    `|---|---|---|---|---|---|${metricNames.map(() => '---|').join('')}---|---|`,
  ];
  summary.trials.forEach((t, i) => {
    const cells = [String(i + 1), `\`${t.id}\``, paramCell(t), String(t.budget), t.rung === undefined ? '' : String(t.rung), t.status, ...metricNames.map((m) => fmt(t.metrics[m])), t.seconds.toFixed(1), t.error ? oneLine(t.error) : ''];
    lines.push(`| ${cells.join(' | ')} |`);
  });
  return lines.join('\n') + '\n';
}
