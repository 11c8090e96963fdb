import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { forEachDepthwiseTap, type DepthwiseAttrs } from './depthwise-geometry';
import { asWasmBackend, f32, shape4, zeros } from './wasm-backend';

interface Attrs extends DepthwiseAttrs {
  inputShape: [number, number, number, number];
}

/**
 * DepthwiseConv2dNativeBackpropInput for wasm (the stock backend has none): dx[b, h, w, c] = sum of
 * dy[b, oh, ow, c * mult + q] * filter[kh, kw, c, q] over the output pixels and taps that read (h, w).
 */
export const depthwiseConv2dBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const { dy, filter } = inputs as NamedTensorInfoMap & { dy: TensorInfo; filter: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as Attrs;
  const filterShape = shape4(filter.shape, 'filter');
  const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, strides, dilations, pad, dimRoundingMode, true);
  const dx = zeros(wasm, [...inputShape]);
  const out = f32(wasm, dx);
  const g = f32(wasm, dy);
  const wv = f32(wasm, filter);
  const channels = info.inChannels;
  const mult = info.outChannels / channels;
  forEachDepthwiseTap(info, (xBase, dyBase, wBase) => {
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let q = 0; q < mult; q++) {
        const o = c * mult + q;
        sum += (g[dyBase + o] as number) * (wv[wBase + o] as number);
      }
      out[xBase + c] = (out[xBase + c] as number) + sum;
    }
  });
  return dx;
};

export const depthwiseConv2dBackpropInputConfig: KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dBackpropInput,
};
