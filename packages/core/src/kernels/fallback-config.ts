import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';

/**
 * A wasm kernel config whose function handles the fast cases itself and hands every other call to
 * `original` (the stock wasm kernel). The stock setupFunc is kept so the stock kernel still initialises
 * when medimg's config is registered before the wasm backend.
 */
export function configWithFallback(
  kernelName: string,
  original: KernelConfig | undefined,
  make: (fallback: KernelFunc) => KernelFunc,
): KernelConfig {
  const fallback: KernelFunc = (args) => {
    if (original === undefined) throw new Error(`wasm ${kernelName}: unsupported case and no stock kernel to fall back on`);
    return original.kernelFunc(args);
  };
  const config: KernelConfig = { kernelName, backendName: 'wasm', kernelFunc: make(fallback) };
  if (original?.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  return config;
}
