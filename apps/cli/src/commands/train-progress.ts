import type { BatchProgress } from '@medimg/train';
import { clock } from '../progress-line';

/** One TTY progress line: epoch, batch, loss, img/s, ETA. */
export function progressLine(p: BatchProgress): string {
  return `epoch ${p.epoch}/${p.epochs} batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} ${p.imagesPerSecond.toFixed(1)} img/s ETA ${clock(p.etaSeconds)}`;
}
