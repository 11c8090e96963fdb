import { ValidationError } from '@medimg/core';
import type { ImageShape } from '../types';

/** [h, w, c] from a model input shape [batch, h, w, c] whose image dimensions are fixed numbers. */
export function imageShapeOf(shape: readonly (number | string | null | undefined)[], where: string): ImageShape {
  const [, h, w, c] = shape;
  if (shape.length !== 4 || typeof h !== 'number' || typeof w !== 'number' || typeof c !== 'number' || h < 1 || w < 1 || c < 1) {
    throw new ValidationError(where, [`model input shape must be [batch, height, width, channels] with fixed sizes; got ${JSON.stringify(shape)}`]);
  }
  return [h, w, c];
}
