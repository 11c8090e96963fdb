import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { channelMajorPadded } from './channel-major';
import type { WasmBackend } from './types';
import { asWasmBackend, f32, makeView, releaseView, runKernel, shape4, wasmKernelFunc, zeros } from './wasm-backend';

type ConvInfo = tf.backend_util.Conv2DInfo;

interface Attrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** Writes a [1, M, K] x [1, K, N] product (wasm/XNNPACK BatchMatMul) into `dw` at float `at`. */
function matMulInto(backend: WasmBackend, a: TensorInfo, b: TensorInfo, dw: TensorInfo, at: number): void {
  const r = runKernel(wasmKernelFunc(tf.BatchMatMul), backend, { a, b }, { transposeA: false, transposeB: false });
  // Views are taken after the matmul: an allocation may grow (and detach) the wasm heap.
  f32(backend, dw).set(f32(backend, r), at);
  backend.disposeData(r.dataId);
}

/**
 * Stride 1: every tap's patch matrix [Ci, K] is a shifted view of one channel-major padded copy of x,
 * where K runs over the padded grid (B * Hp * Wp); dy is zero-padded onto the same grid so positions
 * outside the real output contribute nothing. One copy of x, one of dy, then KH*KW matmuls.
 */
export function filterGradShiftedViews(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, info: ConvInfo, dw: TensorInfo): void {
  const { batchSize: B, outHeight: OH, outWidth: OW, inChannels: Ci, outChannels: Co } = info;
  const { filterHeight: KH, filterWidth: KW } = info;
  const Hp = OH + KH - 1;
  const Wp = OW + KW - 1;
  const K = B * Hp * Wp;
  const slack = (KH - 1) * Wp + (KW - 1);
  const layout = { height: Hp, width: Wp, top: info.padInfo.top, left: info.padInfo.left, slack };
  const xt = channelMajorPadded(backend, x, shape4(x.shape, 'x'), layout);
  const dyp = zeros(backend, [1, K, Co]);
  const g = f32(backend, dy);
  const gp = f32(backend, dyp);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const s = (b * OH + oh) * OW * Co;
      gp.set(g.subarray(s, s + OW * Co), (b * Hp + oh) * Wp * Co);
    }
  }
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const view = makeView(backend, xt, kh * Wp + kw, [1, Ci, K]);
      matMulInto(backend, view, dyp, dw, (kh * KW + kw) * Ci * Co);
      releaseView(backend, view);
    }
  }
  backend.disposeData(xt.dataId);
  backend.disposeData(dyp.dataId);
}

/**
 * Stride 1, taps of one filter row stacked: rows (kw, ci) of a [KW * Ci, K] matrix hold x's padded
 * channel plane ci shifted by kw, so filter row kh is ONE matmul of the view shifted by kh * Wp with the
 * zero-padded dy, and its [KW * Ci, Co] result is exactly dW[kh]. KH matmuls with KW times more rows
 * than per-tap views (better arithmetic intensity); costs a KW-fold copy of the padded input.
 */
export function filterGradStackedViews(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, info: ConvInfo, dw: TensorInfo): void {
  const { batchSize: B, outHeight: OH, outWidth: OW, inChannels: Ci, outChannels: Co } = info;
  const { filterHeight: KH, filterWidth: KW } = info;
  const Hp = OH + KH - 1;
  const Wp = OW + KW - 1;
  const K = B * Hp * Wp;
  const layout = { height: Hp, width: Wp, top: info.padInfo.top, left: info.padInfo.left, slack: KW - 1 };
  const xt = channelMajorPadded(backend, x, shape4(x.shape, 'x'), layout);
  const rows = KW * Ci;
  const stacked = backend.makeOutput([rows * K + (KH - 1) * Wp], 'float32');
  {
    const src = f32(backend, xt);
    const dst = f32(backend, stacked);
    for (let kw = 0; kw < KW; kw++) {
      for (let ci = 0; ci < Ci; ci++) dst.set(src.subarray(ci * K + kw, ci * K + kw + K), (kw * Ci + ci) * K);
    }
    dst.fill(0, rows * K);
  }
  backend.disposeData(xt.dataId);
  const dyp = zeros(backend, [1, K, Co]);
  const g = f32(backend, dy);
  const gp = f32(backend, dyp);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const s = (b * OH + oh) * OW * Co;
      gp.set(g.subarray(s, s + OW * Co), (b * Hp + oh) * Wp * Co);
    }
  }
  for (let kh = 0; kh < KH; kh++) {
    const view = makeView(backend, stacked, kh * Wp, [1, rows, K]);
    matMulInto(backend, view, dyp, dw, kh * rows * Co);
    releaseView(backend, view);
  }
  backend.disposeData(stacked.dataId);
  backend.disposeData(dyp.dataId);
}

/**
 * Any stride: per tap, gathers the strided patch matrix [Ci, B*OH*OW] from a channel-major padded copy
 * of x into one reused buffer, then multiplies it with dy viewed as [B*OH*OW, Co].
 */
export function filterGradGathered(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, info: ConvInfo, dw: TensorInfo): void {
  const { batchSize: B, outHeight: OH, outWidth: OW, inChannels: Ci, outChannels: Co } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info;
  const Hp = (OH - 1) * sh + KH;
  const Wp = (OW - 1) * sw + KW;
  const plane = B * Hp * Wp;
  const K = B * OH * OW;
  const layout = { height: Hp, width: Wp, top: info.padInfo.top, left: info.padInfo.left, slack: 0 };
  const xt = channelMajorPadded(backend, x, shape4(x.shape, 'x'), layout);
  const patches = backend.makeOutput([1, Ci, K], 'float32');
  const dy3 = makeView(backend, dy, 0, [1, K, Co]);
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const src = f32(backend, xt);
      const dst = f32(backend, patches);
      let d = 0;
      for (let c = 0; c < Ci; c++) {
        for (let b = 0; b < B; b++) {
          for (let oh = 0; oh < OH; oh++) {
            let s = c * plane + (b * Hp + oh * sh + kh) * Wp + kw;
            for (let ow = 0; ow < OW; ow++, s += sw) dst[d++] = src[s] as number;
          }
        }
      }
      matMulInto(backend, patches, dy3, dw, (kh * KW + kw) * Ci * Co);
    }
  }
  releaseView(backend, dy3);
  backend.disposeData(patches.dataId);
  backend.disposeData(xt.dataId);
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
