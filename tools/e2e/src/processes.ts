import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { CLI } from './cli';

/** A `medimg` child process whose stdout and stderr go to files (nothing to drain, so the parent may block). */
export interface Child {
  pid: number;
  /** Resolves when the process ended: its exit code, or the signal that killed it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout: () => string;
  stderr: () => string;
}

/**
 * Starts the built CLI with `args`; `limitFileBytes` runs it under RLIMIT_FSIZE (prlimit, else bash's `ulimit -f`),
 * so a write past that size fails with EFBIG (Node ignores SIGXFSZ) as a disk that fills would fail it with ENOSPC.
 */
export function startCli(args: string[], logBase: string, env: NodeJS.ProcessEnv = {}, limitFileBytes?: number): Child {
  if (!existsSync(CLI)) throw new Error(`Error in e2e: ${CLI} does not exist. Fix: run \`npx nx run-many -t build\` first.`);
  const out = openSync(`${logBase}.out`, 'w');
  const err = openSync(`${logBase}.err`, 'w');
  let command = process.execPath;
  let argv = [CLI, ...args];
  if (limitFileBytes !== undefined) {
    if (spawnSync('prlimit', ['--version']).status === 0) {
      command = 'prlimit';
      argv = [`--fsize=${limitFileBytes}`, process.execPath, ...argv];
    } else {
      // bash counts -f in 1024-byte blocks (outside POSIX mode)
      command = 'bash';
      argv = ['-c', `ulimit -f ${Math.floor(limitFileBytes / 1024)} && exec "$@"`, 'bash', process.execPath, ...argv];
    }
  }
  const { POSIXLY_CORRECT: _posix, ...inherited } = process.env;
  const child = spawn(command, argv, { env: { ...inherited, CI: 'true', ...env }, stdio: ['ignore', out, err] });
  closeSync(out);
  closeSync(err);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  if (child.pid === undefined) throw new Error(`Error in e2e: could not start ${command}`);
  return { pid: child.pid, exited, stdout: () => readFileSync(`${logBase}.out`, 'utf8'), stderr: () => readFileSync(`${logBase}.err`, 'utf8') };
}

/** True while `pid` runs (false once it exited, even before the parent reaped it). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (polling every 20 ms, the event loop free) until `ready()` holds; false when the child ended or `ms` passed first. */
export async function waitFor(child: Child, ready: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (ready()) return true;
    if (!running(child.pid)) return false;
    await sleep(20);
  }
  return false;
}

/**
 * Spins (no sleeping: a write is a few milliseconds) until `inFlight()` names a file being written, then sends
 * SIGKILL at once and returns that file; undefined when `done()` says the write already finished, the child ended
 * or `ms` passed. The caller checks afterwards that the kill landed before the write was committed.
 */
export function killWhen(child: Child, inFlight: () => string | undefined, done: () => boolean, ms: number): string | undefined {
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end; i++) {
    const hit = inFlight();
    if (hit !== undefined) {
      process.kill(child.pid, 'SIGKILL');
      return hit;
    }
    if (done()) return undefined;
    if (i % 256 === 0 && !running(child.pid)) return undefined;
  }
  return undefined;
}
