import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { diskFullErrorOf } from './errors/disk-full-error';

/**
 * Writes a file atomically: the data goes to a temp file in the same directory, is fsync'ed,
 * then renamed over the target. A reader (or a run killed half-way) sees the old file or the new one, never half.
 * A failed write removes its temp file; a full disk or a file size limit (ENOSPC, EDQUOT, EFBIG) throws a
 * DiskFullError naming the file, the errno and the fix.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = tempPathFor(path);
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw diskFullErrorOf(error, path) ?? error;
  }
}

/** The temp file name writeFileAtomic uses for `path`: `.NAME.PID.RANDOM.tmp` beside it (a killed writer's PID tells its leftovers). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Appends one line (JSON Lines) and fsyncs, so a line that was reported written survives a kill. */
export async function appendLineDurable(path: string, line: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  try {
    const handle = await open(path, 'a');
    try {
      await handle.writeFile(line.endsWith('\n') ? line : line + '\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw diskFullErrorOf(error, path, `the lines already in ${path} are intact (a torn last line is cut when it is read)`) ?? error;
  }
}
