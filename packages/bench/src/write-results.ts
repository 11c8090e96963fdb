import { writeFileAtomic } from '@medimg/core';
import { inferenceTable, machineLine, trainingTable } from './markdown';
import type { BenchResult, InferenceResult, TrainingResult } from './types';

/** Results as Markdown: the machine line, a training table and one table per inference result. */
export function resultsToMarkdown(results: readonly BenchResult[]): string {
  const training = results.filter((r): r is TrainingResult => r.kind === 'training');
  const inference = results.filter((r): r is InferenceResult => r.kind === 'inference');
  const parts: string[] = [];
  const first = results[0];
  if (first !== undefined) parts.push(`Machine: ${machineLine(first.machine)}. Measured ${first.createdAt}.`);
  if (training.length > 0) parts.push(trainingTable(training));
  for (const r of inference) parts.push(inferenceTable(r));
  return parts.join('\n\n') + '\n';
}

/** Writes results atomically as JSON (`jsonPath`) and/or Markdown (`markdownPath`). */
export async function writeResults(results: readonly BenchResult[], paths: { jsonPath?: string; markdownPath?: string }): Promise<void> {
  if (paths.jsonPath !== undefined) await writeFileAtomic(paths.jsonPath, JSON.stringify(results, null, 2) + '\n');
  if (paths.markdownPath !== undefined) await writeFileAtomic(paths.markdownPath, resultsToMarkdown(results));
}
