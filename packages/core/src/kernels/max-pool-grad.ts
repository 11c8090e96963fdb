import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { asWasmBackend, f32, shape4, zeros } from './wasm-backend';

interface Attrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * MaxPoolGrad for wasm: routes each dy value to the first maximum of its pooling window (the cpu
 * backend's rule: windows scanned row-major, strict `>`, running max starting at -Infinity, padding
 * never wins). Replaces the stock wasm kernel, whose running max starts at 0 and so drops the gradient
 * of windows whose values are all negative. Memory-bound, so a plain loop over the wasm heap.
 */
export const maxPoolGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const { dy, input } = inputs as NamedTensorInfoMap & { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as Attrs;
  const info = tf.backend_util.computePool2DInfo(shape4(input.shape, 'MaxPoolGrad input'), filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;

  const dx = zeros(wasm, input.shape);
  const x = f32(wasm, input);
  const g = f32(wasm, dy);
  const out = f32(wasm, dx);
  const best = new Float32Array(channels);
  const where = new Int32Array(channels);
  const rowStride = inWidth * channels;
  let dyIndex = 0;
  for (let b = 0; b < batchSize; b++) {
    const batchBase = b * inHeight * rowStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * strideHeight - padTop;
      const hStart = Math.max(0, h0);
      const hEnd = Math.min(inHeight, h0 + fh);
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = ow * strideWidth - padLeft;
        const wStart = Math.max(0, w0);
        const wEnd = Math.min(inWidth, w0 + fw);
        best.fill(Number.NEGATIVE_INFINITY);
        where.fill(-1);
        for (let h = hStart; h < hEnd; h++) {
          for (let w = wStart; w < wEnd; w++) {
            const base = batchBase + h * rowStride + w * channels;
            for (let c = 0; c < channels; c++) {
              const v = x[base + c] as number;
              if (v > (best[c] as number)) {
                best[c] = v;
                where[c] = base + c;
              }
            }
          }
        }
        for (let c = 0; c < channels; c++) {
          const at = where[c] as number;
          if (at >= 0) out[at] = (out[at] as number) + (g[dyIndex + c] as number);
        }
        dyIndex += channels;
      }
    }
  }
  return dx;
};

export const maxPoolGradConfig: KernelConfig = { kernelName: tf.MaxPoolGrad, backendName: 'wasm', kernelFunc: maxPoolGrad };
