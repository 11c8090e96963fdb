import { type IntensityNormalization, type LabeledImageSet, type Logger, type ModelMetadata, type WindowSetting } from '@medimg/core';

/** Where `medimg evaluate` reads images: a split folder, DATA_DIR/CLASS (none), or the held-out side of train (validation). */
export type EvaluateSplit = 'test' | 'val' | 'train' | 'none' | 'validation';

/**
 * The images to evaluate, as decoded (`raw`, no intensity normalisation, for the stress perturbations) and as the
 * model sees them (`set`, with the model's normalisation). `validation` is the held-out side of train that the
 * model was validated on, from its model card's split.
 */
export async function evaluationImages(o: { dataDir: string; split: EvaluateSplit; metadata: ModelMetadata; valSplit?: number; seed?: number; logger: Logger; window?: WindowSetting }): Promise<{ raw: LabeledImageSet; set: LabeledImageSet }> {
  const { loadSplit, prepareDataForCard, mapImageSet, normalizeBatch } = await import('@medimg/dataset');
  const p = o.metadata.preprocessing;
  const window = o.window ?? p.window ?? 'auto';
  const common = { dataDir: o.dataDir, imageSize: p.imageSize, channels: p.channels, resize: p.resize, window, normalize: 'none' as const, logger: o.logger };
  let raw: LabeledImageSet;
  if (o.split === 'validation') {
    // The model card's split (another --seed/--val-split is refused); raw pixels, normalised below like the others.
    const data = await prepareDataForCard({ dataDir: o.dataDir, card: o.metadata, where: 'evaluate', normalize: 'none', window, logger: o.logger, ...(o.valSplit !== undefined ? { valSplit: o.valSplit } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}) });
    raw = data.validation;
  } else {
    raw = (await loadSplit({ ...common, ...(o.split === 'none' ? {} : { split: o.split }), classNames: o.metadata.classNames })).set;
  }
  const method: IntensityNormalization = p.normalize ?? 'none';
  return { raw, set: method === 'none' ? raw : mapImageSet(raw, (b) => normalizeBatch(b, method)) };
}
