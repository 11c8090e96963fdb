import { modelInput as coreModelInput, ValidationError, type Preprocessing } from '@medimg/core';
import type { ExplainInput } from './types';

/** Checks an image matches the card's input size and channels; throws a ValidationError with the fix otherwise. */
export function checkInput(where: string, image: ExplainInput, preprocessing: Preprocessing): void {
  const { imageSize, channels } = preprocessing;
  const problems: string[] = [];
  if (image.width !== imageSize || image.height !== imageSize || image.channels !== channels) {
    problems.push(`image is ${image.width}x${image.height}x${image.channels}, the model expects ${imageSize}x${imageSize}x${channels} (decode it with the card's preprocessing, e.g. preprocessImageFile(path, metadata.preprocessing))`);
  }
  if (image.pixels.length !== image.width * image.height * image.channels) problems.push(`image.pixels has ${image.pixels.length} values, width*height*channels = ${image.width * image.height * image.channels}`);
  if (problems.length > 0) throw new ValidationError(where, problems);
}

/** The model input for one image: float32 HWC as the card's preprocessing says (core's `modelInput`). */
export function modelInput(image: ExplainInput, preprocessing: Preprocessing): Float32Array {
  return coreModelInput(image.pixels, preprocessing.scale);
}
