import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { forEachDepthwiseTap, type DepthwiseAttrs } from './depthwise-geometry';
import { asWasmBackend, f32, shape4, zeros } from './wasm-backend';

interface Attrs extends DepthwiseAttrs {
  filterShape: [number, number, number, number];
}

/**
 * DepthwiseConv2dNativeBackpropFilter for wasm (the stock backend has none): dW[kh, kw, c, q] = sum of
 * x[b, h, w, c] * dy[b, oh, ow, c * mult + q] over every output pixel. Plain loop over the wasm heap;
 * depthwise layers are cheap next to full convolutions.
 */
export const depthwiseConv2dBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const { x, dy } = inputs as NamedTensorInfoMap & { x: TensorInfo; dy: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs as unknown as Attrs;
  const info = tf.backend_util.computeConv2DInfo(shape4(x.shape, 'x'), filterShape, strides, dilations, pad, dimRoundingMode, true);
  const dw = zeros(wasm, [...filterShape]);
  const xs = f32(wasm, x);
  const g = f32(wasm, dy);
  const out = f32(wasm, dw);
  const channels = info.inChannels;
  const mult = info.outChannels / channels;
  forEachDepthwiseTap(info, (xBase, dyBase, wBase) => {
    for (let c = 0; c < channels; c++) {
      const v = xs[xBase + c] as number;
      for (let q = 0; q < mult; q++) {
        const o = c * mult + q;
        out[wBase + o] = (out[wBase + o] as number) + v * (g[dyBase + o] as number);
      }
    }
  });
  return dw;
};

export const depthwiseConv2dBackpropFilterConfig: KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropFilter,
};
