import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../types';
import { registerWasmTrainingKernels } from '../kernels/register-wasm-training-kernels';

/**
 * Makes one backend available to tfjs (importing its package registers it) and activates it.
 * Throws when the package is not installed or fails to initialise.
 */
export async function loadBackend(name: BackendName): Promise<void> {
  if (name === 'tensorflow') {
    // Optional dependency: present only where its native libtensorflow could be installed.
    const modName = '@tensorflow/tfjs-node';
    await import(modName);
  } else if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    registerWasmTrainingKernels();
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
  if (tf.getBackend() !== name) throw new Error(`active backend is ${tf.getBackend()}, not ${name}`);
}
