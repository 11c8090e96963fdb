import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { torchAvailable } from './torch';

describe('torchAvailable', () => {
  const peersDir = resolve(__dirname, '../../../../tools/peers');

  it('gives the install command when the interpreter cannot import torch', async () => {
    const r = await torchAvailable('/nonexistent/python3', peersDir);
    expect('reason' in r && r.reason).toMatch(/import torch.*apt-get install -y python3-torch libopenblas0-pthread/);
  });

  it('names the missing peer script', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medimg-peer-'));
    await writeFile(join(dir, 'other.py'), '');
    const r = await torchAvailable('/usr/bin/python3', dir);
    expect('reason' in r && r.reason).toBe(`${join(dir, 'torch_bench.py')} not found (pass --peers-dir)`);
    await rm(dir, { recursive: true, force: true });
  });
});
