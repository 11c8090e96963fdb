import { open, stat, truncate } from 'node:fs/promises';

/**
 * Cuts a torn last line from a JSON Lines file (a process killed mid-append leaves one), so the next append
 * starts on a fresh line. Returns the number of bytes removed (0 for a missing or intact file). Reads only the tail.
 */
export async function cutTornLastLine(path: string): Promise<number> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  if (size === 0) return 0;
  const handle = await open(path, 'r');
  let keep = 0;
  try {
    const chunk = Buffer.alloc(Math.min(size, 1 << 20));
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const at = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (at >= 0) {
        keep = start + at + 1;
        break;
      }
      end = start;
    }
  } finally {
    await handle.close();
  }
  if (keep === size) return 0;
  await truncate(path, keep);
  return size - keep;
}
