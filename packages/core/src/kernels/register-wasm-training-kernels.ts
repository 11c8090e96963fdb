import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input';
import { depthwiseConv2dBackpropFilterConfig } from './depthwise-conv2d-backprop-filter';
import { depthwiseConv2dBackpropInputConfig } from './depthwise-conv2d-backprop-input';
import { maxPoolGradConfig } from './max-pool-grad';
import { meanConfig } from './mean';
import { sumConfig } from './sum';
import { tileConfig } from './tile';

const BACKEND = 'wasm';

/** The stock wasm kernels replaced by medimg's, captured once (before the first replacement). */
const originals = new Map<string, KernelConfig | undefined>();
/** Kernel functions medimg registered, to recognise its own registrations. */
const ours = new WeakSet<KernelConfig['kernelFunc']>();

function original(kernelName: string): KernelConfig | undefined {
  if (!originals.has(kernelName)) {
    const current = tf.getKernel(kernelName, BACKEND) as KernelConfig | undefined;
    originals.set(kernelName, current !== undefined && !ours.has(current.kernelFunc) ? current : undefined);
  }
  return originals.get(kernelName);
}

function install(config: KernelConfig): void {
  const current = tf.getKernel(config.kernelName, BACKEND) as KernelConfig | undefined;
  if (current !== undefined && ours.has(current.kernelFunc)) return;
  if (current !== undefined) tf.unregisterKernel(config.kernelName, BACKEND);
  ours.add(config.kernelFunc);
  tf.registerKernel(config);
}

/**
 * Registers medimg's training kernels for the tfjs `wasm` backend, replacing missing, wrong or slow
 * stock ones: Conv2DBackpropFilter and DepthwiseConv2dNativeBackpropFilter/Input (missing), MaxPoolGrad
 * (wrong for all-negative windows), Conv2DBackpropInput and Tile (slow; Tile dominated batch-norm
 * training), and Sum/Mean over leading axes (no transpose, float64 accumulation). Idempotent; call it before or after the wasm backend initialises.
 */
export function registerWasmTrainingKernels(): void {
  install(conv2DBackpropFilterConfig);
  install(maxPoolGradConfig);
  install(conv2DBackpropInputConfig(original(tf.Conv2DBackpropInput)));
  install(depthwiseConv2dBackpropFilterConfig);
  install(depthwiseConv2dBackpropInputConfig);
  install(tileConfig(original(tf.Tile)));
  install(sumConfig(original(tf.Sum)));
  install(meanConfig(original(tf.Mean)));
}
