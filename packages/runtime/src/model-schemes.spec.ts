import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listModelSchemes, registerModelScheme, resolveModelScheme } from './model-schemes';
import { resolveModelPath } from './resolve-model-path';

describe('model schemes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'medimg-schemes-'));
    await writeFile(join(dir, 'm.onnx'), 'x');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('resolves a registered scheme to its path everywhere resolveModelPath is used; plain paths pass through', async () => {
    registerModelScheme('testzoo', (spec) => join(dir, `${spec.slice('testzoo:'.length)}.onnx`));
    expect(listModelSchemes()).toContain('testzoo');
    await expect(resolveModelScheme('testzoo:m')).resolves.toBe(join(dir, 'm.onnx'));
    await expect(resolveModelPath('testzoo:m')).resolves.toEqual({ path: join(dir, 'm.onnx'), kind: 'onnx' });
    await expect(resolveModelScheme(join(dir, 'm.onnx'))).resolves.toBe(join(dir, 'm.onnx'));
    await expect(resolveModelScheme('runs/a/best')).resolves.toBe('runs/a/best');
  });

  it('names an unregistered scheme and how to register it; rejects bad scheme names', async () => {
    await expect(resolveModelScheme('nozoo:pneumonia')).rejects.toThrow(/scheme nozoo: which is not registered \(registered: .*testzoo.*\)\. Fix: register it/);
    expect(() => registerModelScheme('C', () => '')).toThrow(/not a scheme name/);
  });
});
