import { open, readFile, rm, stat } from 'node:fs/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An exclusive lock between processes (e.g. parallel tuning trials filling the same pixel cache): a lock file created
 * with O_EXCL holding the owner's PID. A lock whose owner died (kill -9) is taken over. Returns the release function.
 */
export async function acquireFileLock(lockFile: string, onWait?: () => void, pollMs = 200): Promise<() => Promise<void>> {
  let waited = false;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      return () => rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    const age = await stat(lockFile).then((s) => Date.now() - s.mtimeMs, () => 0);
    const stale = Number.isInteger(owner) && owner > 0 ? !alive(owner) : age > 5000;
    if (stale) {
      await rm(lockFile, { force: true });
      continue;
    }
    if (!waited) onWait?.();
    waited = true;
    await sleep(pollMs);
  }
}
