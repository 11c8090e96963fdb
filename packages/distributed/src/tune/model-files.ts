import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { MedimgError, writeFileAtomic } from '@medimg/core';
import type { ShippedFile } from './trial-job-data';

/** Every regular file under `dir` (recursive), paths relative to `dir` with `/`. */
async function listFiles(dir: string, root = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path, root)));
    else if (entry.isFile()) out.push(relative(root, path).split(sep).join('/'));
  }
  return out.sort();
}

/** Reads a model folder into shippable files; throws when it is larger than `maxBytes`. */
export async function packModelDir(dir: string, maxBytes: number): Promise<ShippedFile[]> {
  const files = await listFiles(dir);
  let total = 0;
  for (const f of files) total += (await stat(join(dir, f))).size;
  if (total > maxBytes) {
    throw new MedimgError('E_MODEL_TOO_LARGE', `Error in trial worker: the model in ${dir} is ${total} bytes, above the ${maxBytes}-byte limit for shipping it through Redis. Fix: raise maxModelBytes, or give the chief and the workers a shared OUT folder.`);
  }
  return Promise.all(files.map(async (path) => ({ path, base64: (await readFile(join(dir, path))).toString('base64') })));
}

/** Writes shipped files under `dir` (each atomically); refuses paths that climb out of `dir`. */
export async function unpackModelDir(dir: string, files: readonly ShippedFile[]): Promise<void> {
  for (const file of files) {
    if (file.path.split('/').some((part) => part === '..' || part === '') || file.path.startsWith('/')) {
      throw new MedimgError('E_BAD_MODEL_FILE', `Error in redis executor: refusing model file path ${JSON.stringify(file.path)} (outside the model folder).`);
    }
    await writeFileAtomic(join(dir, ...file.path.split('/')), Buffer.from(file.base64, 'base64'));
  }
}
