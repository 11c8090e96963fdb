import * as tf from '@tensorflow/tfjs';
import { loadavg } from 'node:os';

/** How the active tfjs backend runs (wasm: SIMD and threads), for section headers. */
export async function backendDetails(): Promise<string> {
  const name = tf.getBackend();
  if (name !== 'wasm') return name;
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  return `wasm (SIMD ${simd ? 'on' : 'off'}, multithreading ${threads ? 'on' : 'off'})`;
}

/** "load 1.23 / 1.10 / 0.90" (1, 5, 15 minutes). */
export function loadLine(): string {
  return `load ${loadavg().map((x) => x.toFixed(2)).join(' / ')}`;
}
