import { DataError, INTENSITY_NORMALIZATIONS, OptionChecker, type Preprocessing } from '@medimg/core';
import { checkWindow } from './common-options';
import { normalizeIntensity } from './pixels/intensity-normalization';
import { loadDecodeCore, resolveDecoder } from './decode/decode-core';
import type { DecoderChoice } from './types';

/** Decodes + preprocesses one file (JPEG, PNG, DICOM) exactly as training did (resize, then the intensity normalisation) for `medimg predict`: HWC uint8, length size*size*channels. */
export async function preprocessImageFile(path: string, preprocessing: Preprocessing, decoder: DecoderChoice = 'auto'): Promise<Uint8Array> {
  const v = new OptionChecker('preprocessImageFile');
  v.string('path', path);
  v.int('preprocessing.imageSize', preprocessing.imageSize, 8, 4096);
  v.oneOf('preprocessing.channels', preprocessing.channels, [1, 3]);
  v.oneOf('preprocessing.resize', preprocessing.resize, ['stretch', 'letterbox']);
  if (preprocessing.normalize !== undefined) v.oneOf('preprocessing.normalize', preprocessing.normalize, INTENSITY_NORMALIZATIONS);
  v.oneOf('decoder', decoder, ['auto', 'sharp', 'jimp']);
  if (preprocessing.window !== undefined) checkWindow(v, 'preprocessing.window', preprocessing.window);
  v.done();
  const result = await loadDecodeCore().decodeFile(path, {
    imageSize: preprocessing.imageSize,
    channels: preprocessing.channels,
    resize: preprocessing.resize,
    decoder: resolveDecoder(decoder),
    window: preprocessing.window ?? 'auto',
  });
  if (!result.ok) {
    const fix = /Fix: /.test(result.reason) ? '' : ' Fix: pass a valid JPEG, PNG or uncompressed DICOM image.';
    throw new DataError(`Error in preprocessImageFile: cannot use ${path}: ${result.reason}.${fix}`, path);
  }
  return normalizeIntensity(result.pixels, preprocessing.normalize ?? 'none');
}
