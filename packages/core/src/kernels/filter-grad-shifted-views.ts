import type * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { channelMajorPadded } from './channel-major';
import { matMulInto } from './mat-mul-into';
import type { WasmBackend } from './types';
import { f32, makeView, releaseView, shape4, zeros } from './wasm-backend';

/**
 * Stride 1: every tap's patch matrix [Ci, K] is a shifted view of one channel-major padded copy of x,
 * where K runs over the padded grid (B * Hp * Wp); dy is zero-padded onto the same grid so positions
 * outside the real output contribute nothing. One copy of x, one of dy, then KH*KW matmuls.
 */
export function filterGradShiftedViews(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, info: tf.backend_util.Conv2DInfo, dw: TensorInfo): void {
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
