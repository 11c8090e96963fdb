import { cp, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { selectBackend } from '@medimg/core';
import { generateSyntheticXrays } from '@medimg/dataset';
import { medimg, tempDir } from './cli-run';

/** Every file under `dir` with its size and mtime (to show nothing was touched). */
async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    const s = await stat(p);
    out.push(`${p}:${s.size}:${s.mtimeMs}`);
  }
  return out.sort();
}

describe('bad dataset folders: a clear error naming the folder and the fix, earlier results untouched', () => {
  let root: string;
  let run: string;
  let before: string[];
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm' });
    process.env['MEDIMG_CACHE_DIR'] = await tempDir('bad-dataset-cache');
    root = await tempDir('bad-dataset');
    await generateSyntheticXrays({ outDir: join(root, 'ok'), perClass: 6, size: 32, seed: 8, splits: { test: 0, val: 0 } });
    // an earlier, good run in the run directory that later failing commands must leave as it was
    run = join(root, 'run');
    const first = await medimg(['train', '--data-dir', join(root, 'ok'), '--out', run, '--epochs', '1', '--image-size', '32', '--backend', 'wasm', '--quiet']);
    expect(first.code).toBe(0);
    before = await snapshot(run);
  });

  async function variant(name: string, change: (dir: string) => Promise<void>): Promise<string> {
    const dir = join(root, name);
    await cp(join(root, 'ok'), dir, { recursive: true });
    await change(dir);
    return dir;
  }

  it('an empty class folder is an error, not a model with a class it never saw', async () => {
    const data = await variant('empty-class', (d) => mkdir(join(d, 'train', 'EFFUSION')));
    const r = await medimg(['train', '--data-dir', data, '--out', run, '--epochs', '1', '--image-size', '32', '--backend', 'wasm']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/EFFUSION/);
    expect(r.err).toMatch(/Fix: /);
    expect(await snapshot(run)).toEqual(before);
  });

  it('a class folder with one image is an error naming it (it cannot be on both sides of the split)', async () => {
    const data = await variant('one-image', async (d) => {
      const pneumonia = join(d, 'train', 'PNEUMONIA');
      for (const f of (await readdir(pneumonia)).sort().slice(1)) await rm(join(pneumonia, f));
    });
    const r = await medimg(['train', '--data-dir', data, '--out', run, '--epochs', '1', '--image-size', '32', '--backend', 'wasm']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`class folder ${join(data, 'train', 'PNEUMONIA')} (1 usable image)`);
    expect(r.err).toMatch(/at least 2 usable images per class \(one for each side of the train\/validation split\)\. Fix: add images/);
    expect(await snapshot(run)).toEqual(before);
  });

  it('a missing split names the folder it looked for and what it found', async () => {
    const r = await medimg(['evaluate', '--model', join(run, 'best'), '--data-dir', join(root, 'ok'), '--split', 'test', '--backend', 'wasm']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`split folder 'test' is missing in ${join(root, 'ok')} (found: train)`);
    expect(r.err).toMatch(/Expected ROOT\/\{train,test,val\}\/\{CLASS\}/);
    expect(r.err).toContain(`Fix: use a split that exists (train), or add the folder ${join(root, 'ok', 'test')}.`);
    expect(await snapshot(run)).toEqual(before);
    expect(JSON.parse(await readFile(join(run, 'config.json'), 'utf8'))).toMatchObject({ command: 'train' });
  });
});
