import { inspectDataset, generateSyntheticXrays, type InspectReport } from '@medimg/dataset';
import { writeFileAtomic } from '@medimg/core';
import { join } from 'node:path';
import type { PipelineSettings } from './settings';

export interface DataStageResult {
  dataDir: string;
  synthetic: boolean;
  inspect: InspectReport;
}

/** Data check: generates synthetic X-rays when no data dir was given, then inspects the folder (counts, skipped files, duplicates). */
export async function dataStage(s: PipelineSettings, stageDir: string): Promise<DataStageResult> {
  if (s.synthetic) {
    s.logger.info(`[data] generating synthetic chest X-rays into ${s.dataDir} (${s.syntheticPerClass} train images per class)`);
    await generateSyntheticXrays({ outDir: s.dataDir, perClass: s.syntheticPerClass, size: Math.max(128, s.imageSize * 2), seed: s.seed });
  }
  const inspect = await inspectDataset({ dataDir: s.dataDir, logger: s.logger });
  await writeFileAtomic(join(stageDir, 'inspect.json'), JSON.stringify(inspect, null, 2));
  return { dataDir: s.dataDir, synthetic: s.synthetic, inspect };
}
