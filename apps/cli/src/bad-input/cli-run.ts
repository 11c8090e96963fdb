import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../build-cli';

/** What one in-process `medimg` run printed and the exit code it set (tests only). */
export interface CliRun {
  out: string;
  err: string;
  code: number;
}

/** Runs `medimg ARGV` in this process, capturing stdout/stderr and the exit code (reset afterwards). */
export async function medimg(argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  process.exitCode = 0;
  try {
    await runCli(argv);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, code };
}

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A temp folder removed after the spec file. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `medimg-${prefix}-`));
  created.push(dir);
  return dir;
}
