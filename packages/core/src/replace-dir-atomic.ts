import { mkdir, rename, rm } from 'node:fs/promises';
import { diskFullErrorOf } from './errors/disk-full-error';

/**
 * Replaces the directory `target` by one that `fill` builds: `fill` writes into `TARGET.tmp` (a leftover of a killed
 * run is removed first), the old `target` is moved to `TARGET.old`, the new one renamed into place, the old one
 * deleted. A reader sees the old directory or the new one, never a half-written one; a failed `fill` removes its temp
 * directory and leaves `target` as it was (a full disk throws a DiskFullError naming the directory and the fix).
 */
export async function replaceDirAtomic(target: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${target}.tmp`;
  const old = `${target}.old`;
  await rm(tmp, { recursive: true, force: true });
  try {
    await mkdir(tmp, { recursive: true });
    await fill(tmp);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw diskFullErrorOf(error, tmp, `${target} keeps its previous content`) ?? error;
  }
  await rm(old, { recursive: true, force: true });
  await rename(target, old).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(tmp, target);
  await rm(old, { recursive: true, force: true });
}
