import { execFileSync } from 'node:child_process';

/** The git commit (HEAD) of the working tree at `dir`, or null when git or a repository is not there. */
export function currentGitCommit(dir: string = process.cwd()): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim();
    return /^[0-9a-f]{40}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}
