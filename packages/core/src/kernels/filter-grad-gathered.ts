import type * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { channelMajorPadded } from './channel-major';
import { matMulInto } from './mat-mul-into';
import type { WasmBackend } from './types';
import { f32, makeView, releaseView, shape4 } from './wasm-backend';

/**
 * Any stride: per tap, gathers the strided patch matrix [Ci, B*OH*OW] from a channel-major padded copy
 * of x into one reused buffer, then multiplies it with dy viewed as [B*OH*OW, Co].
 */
export function filterGradGathered(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, info: tf.backend_util.Conv2DInfo, dw: TensorInfo): void {
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
