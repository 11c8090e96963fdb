import * as tf from '@tensorflow/tfjs';
import { isBackendError } from '../errors/backend-error';
import { isValidationError } from '../errors/validation-error';
import { createMemoryLogger } from '../logger';
import { selectBackend } from './select-backend';

describe('selectBackend', () => {
  const saved = process.env['MEDIMG_BACKEND'];
  afterEach(() => {
    if (saved === undefined) delete process.env['MEDIMG_BACKEND'];
    else process.env['MEDIMG_BACKEND'] = saved;
  });

  it('auto picks tensorflow when tfjs-node loads, else wasm, and reports what it skipped', async () => {
    delete process.env['MEDIMG_BACKEND'];
    const logger = createMemoryLogger();
    const info = await selectBackend({ logger });
    let hasNode = true;
    try {
      require.resolve('@tensorflow/tfjs-node');
    } catch {
      hasNode = false;
    }
    expect(info.name).toBe(hasNode ? 'tensorflow' : 'wasm');
    expect(tf.getBackend()).toBe(info.name);
    if (!hasNode) {
      expect(info.skipped.map((s) => s.backend)).toEqual(['tensorflow']);
      expect(info.simd).toBe(true);
    }
    expect(logger.records.some((r) => r.message === `backend: ${info.name}`)).toBe(true);
  });

  it('honours MEDIMG_BACKEND and an explicit option', async () => {
    process.env['MEDIMG_BACKEND'] = 'cpu';
    expect((await selectBackend()).name).toBe('cpu');
    expect((await selectBackend({ backend: 'wasm' })).name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects unknown names and fails clearly for an unavailable explicit backend', async () => {
    process.env['MEDIMG_BACKEND'] = 'gpu';
    const bad = await selectBackend().catch((e: unknown) => e);
    expect(isValidationError(bad)).toBe(true);
    expect((bad as Error).message).toMatch(/MEDIMG_BACKEND: backend must be one of auto, tensorflow, wasm, cpu; got "gpu"/);
    delete process.env['MEDIMG_BACKEND'];
    let hasNode = true;
    try {
      require.resolve('@tensorflow/tfjs-node');
    } catch {
      hasNode = false;
    }
    if (!hasNode) {
      const err = await selectBackend({ backend: 'tensorflow' }).catch((e: unknown) => e);
      expect(isBackendError(err)).toBe(true);
      expect((err as Error).message).toMatch(/backend "tensorflow" could not be initialised/);
    }
  });
});
