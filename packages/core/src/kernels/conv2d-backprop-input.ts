import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { dilateSpatial } from './dilate';
import { flipFilter } from './flip-filter';
import { asWasmBackend, runKernel, shape4, wasmKernelFunc } from './wasm-backend';

interface Attrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/**
 * Conv2DBackpropInput for wasm as a forward convolution (XNNPACK Conv2D) of dy with the flipped,
 * in/out-transposed filter; for strides > 1, dy is zero-dilated first. Cases it does not cover (NCHW,
 * padding larger than the filter) go to `fallback`, the stock wasm kernel.
 */
export function makeConv2DBackpropInput(fallback: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const wasm = asWasmBackend(backend);
    const { dy, filter } = inputs as NamedTensorInfoMap & { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Attrs;
    const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
    const filterShape = shape4(filter.shape, 'filter');
    const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode, false, format);
    const { inHeight: H, inWidth: W, filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info;
    const [, OH, OW] = shape4(dy.shape, 'dy');
    const top = KH - 1 - info.padInfo.top;
    const left = KW - 1 - info.padInfo.left;
    const bottom = H + KH - 1 - ((OH - 1) * sh + 1) - top;
    const right = W + KW - 1 - ((OW - 1) * sw + 1) - left;
    if (format !== 'channelsLast' || Math.min(top, left, bottom, right) < 0 || OH === 0 || OW === 0) {
      if (fallback === undefined) throw new Error('wasm Conv2DBackpropInput: unsupported configuration');
      return fallback(args);
    }
    const flipped = flipFilter(wasm, filter);
    const dilated = sh === 1 && sw === 1 ? dy : dilateSpatial(wasm, dy, sh, sw);
    const dx = runKernel(wasmKernelFunc(tf.Conv2D), wasm, { x: dilated, filter: flipped }, {
      strides: 1,
      pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
      dataFormat: 'NHWC',
      dilations: 1,
    });
    wasm.disposeData(flipped.dataId);
    if (dilated !== dy) wasm.disposeData(dilated.dataId);
    return dx;
  };
}

/** Kernel config wrapping `original` (the stock wasm kernel, kept for fallback and its setupFunc). */
export function conv2DBackpropInputConfig(original: KernelConfig | undefined): KernelConfig {
  const config: KernelConfig = {
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: makeConv2DBackpropInput(original?.kernelFunc),
  };
  if (original?.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  return config;
}
