import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelIOError } from '@medimg/core';
import { ZOO_MODELS } from './catalog';
import { modelsDir } from './models-dir';
import { parseZooSpec } from './zoo-path';
import type { ZooCard } from './types';

const REQUIRED: (keyof ZooCard)[] = ['name', 'architecture', 'classNames', 'preprocessing', 'threshold', 'commands', 'metrics', 'data', 'files'];

/** The model card of a zoo model (`pneumonia` or `zoo:pneumonia`), checked for the fields every card carries. */
export function readZooCard(nameOrSpec: string): ZooCard {
  const { name } = parseZooSpec(nameOrSpec);
  const entry = ZOO_MODELS[name]!;
  const path = join(modelsDir(), entry.dir, entry.card);
  let card: ZooCard;
  try {
    card = JSON.parse(readFileSync(path, 'utf8')) as ZooCard;
  } catch (error) {
    throw new ModelIOError(`Error reading the zoo card ${path}: ${(error as Error).message}. Fix: reinstall @medimg/zoo.`, path, { cause: error });
  }
  const missing = REQUIRED.filter((k) => card[k] === undefined);
  if (card.format !== 'medimg-zoo-card@1' || missing.length > 0) {
    throw new ModelIOError(`Error reading the zoo card ${path}: expected medimg-zoo-card@1 with ${REQUIRED.join(', ')}; got format ${String(card.format)}, missing ${missing.join(', ') || 'nothing'}. Fix: reinstall @medimg/zoo.`, path);
  }
  return card;
}
