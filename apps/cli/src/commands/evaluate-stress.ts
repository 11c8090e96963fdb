import type { BatchTransform, IntensityNormalization, LabeledImageSet, Logger, ModelMetadata } from '@medimg/core';
import type { EvaluationReport, Predictor, SuiteReport, SuiteRow, ThresholdSet } from '@medimg/train';

const f4 = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : '-');

function tableRow(r: Pick<SuiteRow, 'accuracy' | 'auc' | 'sensitivity' | 'specificity' | 'loss'>, name: string, delta?: number): string {
  return `| ${name} | ${f4(r.accuracy)} | ${f4(r.auc)} | ${f4(r.sensitivity)} | ${f4(r.specificity)} | ${f4(r.loss)} |${delta === undefined ? ' |' : ` ${delta >= 0 ? '+' : ''}${delta.toFixed(4)} |`}`;
}

/** The perturbation names of a `--stress` value: `all` (or empty) = every registered one, else a comma list. */
export async function stressNames(list: string): Promise<string[]> {
  const { listStressPerturbations } = await import('@medimg/dataset');
  return list === '' || list === 'all' ? listStressPerturbations() : list.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * The shift-stress sets of `raw` (decoded, not normalised): each named perturbation, then the model's normalisation,
 * as `medimg evaluate --stress`, `calibrate --threshold-set stress` and `train --threshold-set stress` all use them.
 */
export async function stressThresholdSet(o: { raw: LabeledImageSet; normalize: IntensityNormalization | undefined; list: string; severity: number; seed: number }): Promise<ThresholdSet> {
  const { stressSuite } = await import('@medimg/dataset');
  const perturbations = await stressNames(o.list);
  const sets = stressSuite(o.raw, perturbations, { severity: o.severity, seed: o.seed, normalize: o.normalize ?? 'none' });
  return { name: 'stress', sets, stress: { perturbations, severity: o.severity, seed: o.seed } };
}

/**
 * `medimg evaluate --stress`: the same images under each acquisition change (then the model's normalisation),
 * at the same threshold; a markdown table per perturbation with the plain row and the mean, and a JSON form.
 */
export async function runStress(o: {
  raw: LabeledImageSet; plain: EvaluationReport; predictor: Predictor; metadata: ModelMetadata; threshold: number;
  list: string; severity: number; seed: number; batchSize: number; logger: Logger; tta?: readonly BatchTransform[];
}): Promise<{ lines: string[]; json: { severity: number; seed: number; rows: SuiteRow[]; mean: SuiteReport['mean'] } }> {
  const { evaluateSuite } = await import('@medimg/train');
  const { sets } = await stressThresholdSet({ ...o, normalize: o.metadata.preprocessing.normalize });
  const suite = await evaluateSuite({
    model: o.predictor, sets, threshold: o.threshold, batchSize: o.batchSize, ...(o.tta !== undefined ? { tta: o.tta } : {}),
    ...(o.metadata.positiveClass !== null ? { positiveClass: o.metadata.positiveClass } : {}),
    onSet: (row, i) => o.logger.info(`stress ${i + 1}/${sets.length} ${row.name}: accuracy ${f4(row.accuracy)} auc ${f4(row.auc)}`),
  });
  const b = o.plain.binary;
  const plain = { accuracy: b?.accuracy ?? o.plain.multiclass.accuracy, auc: b?.auc ?? NaN, sensitivity: b?.sensitivity ?? NaN, specificity: b?.specificity ?? NaN, loss: o.plain.loss };
  const lines = [
    `shift-stress validation (severity ${o.severity}, seed ${o.seed}, threshold ${o.threshold.toFixed(4)}):`,
    '| perturbation | accuracy | auc | sensitivity | specificity | loss | auc vs plain |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    tableRow(plain, 'plain'),
    ...suite.rows.map((r) => tableRow(r, r.name, r.auc - plain.auc)),
    tableRow(suite.mean, '**mean of stress**', suite.mean.auc - plain.auc),
  ];
  return { lines, json: { severity: o.severity, seed: o.seed, rows: suite.rows, mean: suite.mean } };
}
