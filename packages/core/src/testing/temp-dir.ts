import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];

/** Removes every folder tempDir made so far (the afterAll below calls it; tests only). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

// Jest loads this module once per spec file: each spec file that uses tempDir removes its folders when it ends.
afterAll(removeTempDirs);

/** A temp folder `medimg-PREFIX-XXXXXX` under the OS temp dir (tests only), removed after the spec file. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `medimg-${prefix}-`));
  created.push(dir);
  return dir;
}
