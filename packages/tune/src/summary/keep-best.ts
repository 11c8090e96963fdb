import { cp, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceDirAtomic, writeFileAtomic } from '@medimg/core';
import type { TrialResult } from '../types';

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Puts the best trial into OUT/best: a copy of its model dir (if it has one) plus params.json. Built in a temp
 * folder and renamed into place, so OUT/best is never half-written. Returns the folder.
 */
export async function keepBest(outDir: string, best: TrialResult): Promise<string> {
  const target = join(outDir, 'best');
  const info = { id: best.id, key: best.key, params: best.params, budget: best.budget, metrics: best.metrics, objective: best.objective, sourceModelDir: best.modelDir ?? null };
  await replaceDirAtomic(target, async (tmp) => {
    if (best.modelDir !== undefined && (await isDir(best.modelDir))) await cp(best.modelDir, tmp, { recursive: true });
    await writeFileAtomic(join(tmp, 'params.json'), JSON.stringify(info, null, 2) + '\n');
  });
  return target;
}
