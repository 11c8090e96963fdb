import { DataError, silentLogger, splitMismatches, ValidationError, type IntensityNormalization, type ModelCard } from '@medimg/core';
import { prepareData } from './prepare-data';
import type { PrepareDataOptions, PreparedData } from './types';

/** Options of `prepareDataForCard`: the data folder and the model card; the split comes from the card. */
export interface PrepareCardDataOptions extends Omit<PrepareDataOptions, 'imageSize' | 'channels' | 'resize' | 'normalize' | 'seed' | 'valSplit' | 'groupByPatient'> {
  /** Override the card's intensity normalisation (for a caller that applies it itself, e.g. to perturb raw pixels first). */
  normalize?: IntensityNormalization;
  card: ModelCard;
  /** Names the caller in errors, e.g. `quantize`. */
  where: string;
  /** A split the caller was asked for; refused (naming both values) when it is not the card's. Used for cards without a split. */
  seed?: number;
  valSplit?: number;
}

export interface CardData extends PreparedData {
  /** Where the split came from: the model card, or (cards without a split manifest) the options / defaults. */
  splitSource: 'model card' | 'options';
}

/**
 * The training data of a model, split and preprocessed exactly as its card records: the card's image size, channels,
 * resize, windowing (unless `window` is given), intensity normalisation, class names, and the card's split (seed, val-split, grouping). Refuses another split (naming both values) and
 * a folder whose validation files are not the card's (the dataset changed), so nothing downstream re-derives the split.
 */
export async function prepareDataForCard(options: PrepareCardDataOptions): Promise<CardData> {
  const { card, where, seed, valSplit, normalize: _normalize, ...rest } = options;
  const logger = options.logger ?? silentLogger;
  const recorded = card.split;
  if (recorded !== undefined) {
    const asked = splitMismatches(recorded, { ...(seed !== undefined ? { seed } : {}), ...(valSplit !== undefined ? { valSplit } : {}) });
    if (asked.length > 0) {
      throw new ValidationError(where, [`the model was trained and validated on another split: ${asked.join('; ')}. Fix: drop --seed/--val-split to use the model card's split (seed ${recorded.seed}, val-split ${recorded.valSplit})`]);
    }
  } else {
    logger.warn(`${where}: the model card has no split manifest (a model saved before medimg-model-card@2); using seed ${seed ?? 42}, val-split ${valSplit ?? 0.1}`);
  }
  const { preprocessing } = card;
  const data = await prepareData({
    ...rest,
    imageSize: preprocessing.imageSize,
    channels: preprocessing.channels,
    resize: preprocessing.resize,
    ...(rest.window === undefined && preprocessing.window !== undefined ? { window: preprocessing.window } : {}),
    normalize: options.normalize ?? preprocessing.normalize ?? 'none',
    seed: recorded?.seed ?? seed ?? 42,
    valSplit: recorded?.valSplit ?? valSplit ?? 0.1,
    groupByPatient: (recorded?.grouping ?? 'patient') === 'patient',
  });
  if (data.classNames.join(',') !== card.classNames.join(',')) {
    throw new DataError(`Error in ${where}: ${options.dataDir} has classes ${data.classNames.join(', ')} but the model was trained on ${card.classNames.join(', ')}. Fix: point --data-dir at the model's training data.`, options.dataDir);
  }
  if (recorded !== undefined) {
    const changed = splitMismatches(recorded, { validationDigest: data.split.validation.digest });
    if (changed.length > 0) {
      throw new DataError(
        `Error in ${where}: ${options.dataDir} does not give the model's validation set with the card's split (seed ${recorded.seed}, val-split ${recorded.valSplit}): ${changed.join('; ')}; ${recorded.validation.count} validation files recorded, ${data.split.validation.count} now. Fix: point --data-dir at the data the model was trained on.`,
        options.dataDir,
      );
    }
  }
  return { ...data, splitSource: recorded !== undefined ? 'model card' : 'options' };
}
