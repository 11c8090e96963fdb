import { DataError, INTENSITY_NORMALIZATIONS, OptionChecker, type Preprocessing } from '@medimg/core';
import { checkWindow } from './common-options';
import { normalizeIntensity } from './pixels/intensity-normalization';
import { loadDecodeCore, resolveDecoder, type DecodeOptions } from './decode/decode-core';
import type { DecoderChoice } from './types';

function decodeOptions(where: string, preprocessing: Preprocessing, decoder: DecoderChoice, check: (v: OptionChecker) => void): DecodeOptions {
  const v = new OptionChecker(where);
  check(v);
  v.int('preprocessing.imageSize', preprocessing.imageSize, 8, 4096);
  v.oneOf('preprocessing.channels', preprocessing.channels, [1, 3]);
  v.oneOf('preprocessing.resize', preprocessing.resize, ['stretch', 'letterbox']);
  if (preprocessing.normalize !== undefined) v.oneOf('preprocessing.normalize', preprocessing.normalize, INTENSITY_NORMALIZATIONS);
  v.oneOf('decoder', decoder, ['auto', 'sharp', 'jimp']);
  if (preprocessing.window !== undefined) checkWindow(v, 'preprocessing.window', preprocessing.window);
  v.done();
  return { imageSize: preprocessing.imageSize, channels: preprocessing.channels, resize: preprocessing.resize, decoder: resolveDecoder(decoder), window: preprocessing.window ?? 'auto' };
}

/** The fix for an unusable image: the reason's own when it has one (DICOM reasons do), else `fallback`. */
function withFix(reason: string, fallback: string): string {
  return /Fix: /.test(reason) ? `${reason}.` : `${reason}. Fix: ${fallback}`;
}

/** Decodes + preprocesses one file (JPEG, PNG, DICOM) exactly as training did (resize, then the intensity normalisation) for `medimg predict`: HWC uint8, length size*size*channels. */
export async function preprocessImageFile(path: string, preprocessing: Preprocessing, decoder: DecoderChoice = 'auto'): Promise<Uint8Array> {
  const options = decodeOptions('preprocessImageFile', preprocessing, decoder, (v) => v.string('path', path));
  const result = await loadDecodeCore().decodeFile(path, options);
  if (!result.ok) throw new DataError(`Error in preprocessImageFile: cannot use ${path}: ${withFix(result.reason, 'pass a valid JPEG, PNG or uncompressed DICOM image.')}`, path);
  return normalizeIntensity(result.pixels, preprocessing.normalize ?? 'none');
}

/**
 * Decodes + preprocesses encoded JPEG/PNG bytes (an upload) exactly as `preprocessImageFile` does a file: HWC uint8,
 * length size*size*channels. `source` names the bytes in errors (default "image bytes").
 */
export async function preprocessImageBytes(bytes: Uint8Array, preprocessing: Preprocessing, decoder: DecoderChoice = 'auto', source = 'image bytes'): Promise<Uint8Array> {
  const options = decodeOptions('preprocessImageBytes', preprocessing, decoder, (v) => v.check(bytes instanceof Uint8Array, `bytes must be a Uint8Array; got ${typeof bytes}`));
  const result = await loadDecodeCore().decodeBytes(bytes, options);
  if (!result.ok) throw new DataError(`Error in preprocessImageBytes: cannot use ${source}: ${withFix(result.reason, 'send a valid JPEG, PNG or uncompressed DICOM image.')}`, source);
  return normalizeIntensity(result.pixels, preprocessing.normalize ?? 'none');
}
