import { runCli } from '../build-cli';

export { tempDir } from '@medimg/core/testing';

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
