import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeze, isUnsupportedLayerError, toOnnx, UnsupportedLayerError } from './index';

const tmp = mkdtempSync(join(tmpdir(), 'medimg-export-unsup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('unsupported layers', () => {
  it('names a Conv2DTranspose layer and its class, and freeze writes nothing', async () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, name: 'enc' }));
    m.add(tf.layers.conv2dTranspose({ filters: 1, kernelSize: 3, name: 'upsample' }));
    const error = catchError(() => toOnnx({ model: m }));
    expect(isUnsupportedLayerError(error)).toBe(true);
    expect((error as UnsupportedLayerError).layerName).toBe('upsample');
    expect((error as UnsupportedLayerError).className).toBe('Conv2DTranspose');
    expect((error as Error).message).toContain('"upsample" (Conv2DTranspose)');
    const out = join(tmp, 'never');
    await expect(freeze({ model: m, outDir: out })).rejects.toBeInstanceOf(UnsupportedLayerError);
    expect(existsSync(out)).toBe(false);
    m.dispose();
  });

  it('names an LSTM layer', () => {
    const m = tf.sequential();
    m.add(tf.layers.lstm({ inputShape: [6, 4], units: 3, name: 'recurrent' }));
    m.add(tf.layers.dense({ units: 2, activation: 'softmax', name: 'head' }));
    const error = catchError(() => toOnnx({ model: m })) as UnsupportedLayerError;
    expect(error).toBeInstanceOf(UnsupportedLayerError);
    expect([error.layerName, error.className]).toEqual(['recurrent', 'LSTM']);
    m.dispose();
  });

  it('rejects unsupported settings of a supported class (activation, data format)', () => {
    const selu = tf.sequential();
    selu.add(tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3, activation: 'selu', name: 'c_selu' }));
    const error = catchError(() => toOnnx({ model: selu })) as UnsupportedLayerError;
    expect([error.layerName, error.className]).toEqual(['c_selu', 'Conv2D']);
    expect(error.message).toContain('selu');
    selu.dispose();

    const dense4d = tf.sequential();
    dense4d.add(tf.layers.dense({ inputShape: [4, 4, 2], units: 3, name: 'dense_on_image' }));
    expect((catchError(() => toOnnx({ model: dense4d })) as UnsupportedLayerError).layerName).toBe('dense_on_image');
    dense4d.dispose();
  });

  it('rejects bad options with one ValidationError listing every problem', () => {
    const m = tf.sequential();
    m.add(tf.layers.globalAveragePooling2d({ inputShape: [4, 4, 1] }));
    const error = catchError(() => toOnnx({ model: m, opset: 11, outputName: 'input' })) as Error;
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain('opset');
    expect(error.message).toContain('outputName');
    m.dispose();
  });
});
