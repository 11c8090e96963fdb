import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMedimgError } from './errors/medimg-error';
import { builtPackageFile, packageRoot } from './package-files';
import { tempDir } from './testing';

async function fakePackage(name: string): Promise<string> {
  const root = await tempDir('package-files');
  await mkdir(join(root, 'src', 'deep'), { recursive: true });
  await mkdir(join(root, 'dist'));
  await writeFile(join(root, 'package.json'), JSON.stringify({ name }));
  // a nested manifest of another name (and one that is not JSON) on the way up must be walked past
  await writeFile(join(root, 'src', 'package.json'), JSON.stringify({ name: 'other' }));
  await writeFile(join(root, 'src', 'deep', 'package.json'), '{ not json');
  await writeFile(join(root, 'dist', 'worker.cjs'), '');
  return root;
}

describe('packageRoot and builtPackageFile', () => {
  it('find the folder whose package.json carries the name, walking up past other manifests', async () => {
    const root = await fakePackage('@medimg/fake-a');
    const options = { packageName: '@medimg/fake-a', from: join(root, 'src', 'deep'), code: 'E_FAKE_BUILD' };
    expect(packageRoot(options)).toBe(root);
    expect(builtPackageFile(options, 'worker.cjs')).toBe(join(root, 'dist', 'worker.cjs'));
  });

  it('a missing built file throws the given code, naming the path and the build command', async () => {
    const root = await fakePackage('@medimg/fake-b');
    const options = { packageName: '@medimg/fake-b', from: join(root, 'src'), code: 'E_FAKE_BUILD' };
    let thrown: unknown;
    try {
      builtPackageFile(options, 'page.js');
    } catch (error) {
      thrown = error;
    }
    expect(isMedimgError(thrown) && thrown.code).toBe('E_FAKE_BUILD');
    expect((thrown as Error).message).toContain(join(root, 'dist', 'page.js'));
    expect((thrown as Error).message).toContain('npx nx run fake-b:build');
  });

  it('no package of that name above the folder throws the given code', async () => {
    const root = await fakePackage('@medimg/fake-c');
    expect(() => packageRoot({ packageName: '@medimg/absent', from: root, code: 'E_FAKE_BUILD' })).toThrow(/cannot find the package folder above/);
  });
});
