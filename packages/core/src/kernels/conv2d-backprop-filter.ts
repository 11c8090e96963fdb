import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { filterGradGathered } from './filter-grad-gathered';
import { filterGradShiftedViews } from './filter-grad-shifted-views';
import { asWasmBackend, shape4, zeros } from './wasm-backend';

type ConvInfo = tf.backend_util.Conv2DInfo;

interface Attrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * Shifted views multiply over the padded grid, wasting (Hp*Wp)/(OH*OW) - 1 of the work; gathering
 * copies x once per tap. Measured on the reference net (README): views win up to ~25% waste (large
 * images), gathering wins on small ones (8x8 and below).
 */
function useShiftedViews(info: ConvInfo): boolean {
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return false;
  const grid = (info.outHeight + info.filterHeight - 1) * (info.outWidth + info.filterWidth - 1);
  return grid <= 1.25 * info.outHeight * info.outWidth;
}

/**
 * Conv2DBackpropFilter for wasm (the stock backend has none): dW[kh,kw,ci,co] =
 * sum over b,oh,ow of x[b, oh*sh+kh-top, ow*sw+kw-left, ci] * dy[b,oh,ow,co], as one XNNPACK matmul per
 * filter tap. NHWC only (like the wasm Conv2D); dilations are always 1 for this kernel.
 */
export const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const { x, dy } = inputs as NamedTensorInfoMap & { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Attrs;
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast') throw new Error(`wasm Conv2DBackpropFilter supports NHWC only, got ${dataFormat}`);
  const info = tf.backend_util.computeConv2DInfo(shape4(x.shape, 'x'), filterShape, strides, 1, pad, dimRoundingMode, false, format);
  const dw = zeros(wasm, [...filterShape]);
  if (info.outHeight === 0 || info.outWidth === 0 || info.batchSize === 0) return dw;
  if (useShiftedViews(info)) filterGradShiftedViews(wasm, x, dy, info, dw);
  else filterGradGathered(wasm, x, dy, info, dw);
  return dw;
};

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};
