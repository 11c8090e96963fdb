import * as tf from '@tensorflow/tfjs';

/** Attributes shared by the depthwise backprop kernels. */
export interface DepthwiseAttrs {
  strides: [number, number] | number;
  dilations: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Calls `visit(xBase, dyBase, wBase)` for every (batch, output pixel, filter tap) whose input pixel lies
 * inside x, with flat offsets of x[b, h, w, 0], dy[b, oh, ow, 0] and filter[kh, kw, 0, 0] (NHWC).
 */
export function forEachDepthwiseTap(
  info: tf.backend_util.Conv2DInfo,
  visit: (xBase: number, dyBase: number, wBase: number) => void,
): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const { top, left } = info.padInfo;
  const mult = outChannels / inChannels;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const h = oh * strideHeight + kh * dilationHeight - top;
          if (h < 0 || h >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const w = ow * strideWidth + kw * dilationWidth - left;
            if (w < 0 || w >= inWidth) continue;
            visit(((b * inHeight + h) * inWidth + w) * inChannels, dyBase, (kh * filterWidth + kw) * inChannels * mult);
          }
        }
      }
    }
  }
}
