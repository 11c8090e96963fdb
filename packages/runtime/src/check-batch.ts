import { ValidationError, type ImageBatch } from '@medimg/core';

/** Checks a batch against the model's [h, w, c]; one ValidationError lists every problem. */
export function checkBatch(where: string, batch: ImageBatch, [h, w, c]: readonly [number, number, number]): void {
  const problems: string[] = [];
  if (batch.height !== h || batch.width !== w || batch.channels !== c) {
    problems.push(`batch images are ${batch.height}x${batch.width}x${batch.channels}, the model expects ${h}x${w}x${c} (preprocess with the model card's imageSize/channels)`);
  }
  if (batch.pixels.length !== batch.size * batch.height * batch.width * batch.channels) {
    problems.push(`batch.pixels has ${batch.pixels.length} values, size*height*width*channels = ${batch.size * batch.height * batch.width * batch.channels}`);
  }
  if (problems.length > 0) throw new ValidationError(where, problems);
}

/** Checks that a model's fixed input shape agrees with its card. */
export function checkShapeAgainstCard(where: string, file: string, shape: readonly number[], card: { inputShape: readonly number[] }): void {
  if (shape.join('x') !== card.inputShape.join('x')) {
    throw new ValidationError(where, [`${file} has input [${shape.join(', ')}] but its model card says [${card.inputShape.join(', ')}]. Fix: re-export the model with medimg`]);
  }
}
