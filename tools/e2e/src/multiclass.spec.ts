import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli';

interface PerClass {
  className: string;
  auc: number;
  recall: number;
  roc: { fpr: number; tpr: number }[];
}

/** Three classes end to end through the built CLI: `data synth --classes 3`, the whole pipeline, and tune. */
describe('three classes end to end (medimg data synth --classes 3)', () => {
  let dir = '';
  let data = '';
  const classes = ['BACTERIA', 'NORMAL', 'VIRUS'];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'medimg-e2e-3class-'));
    data = join(dir, 'data');
    const synth = await runCli(['data', 'synth', '--out', data, '--classes', '3', '--per-class', '40', '--size', '48', '--seed', '2', '--quiet']);
    expect(synth.code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('pipeline: every stage runs; the report has per-class one-vs-rest ROC curves, a 3 x 3 confusion matrix and the macro metrics', async () => {
    const out = join(dir, 'pipeline');
    const run = await runCli(['pipeline', '--data-dir', data, '--out', out, '--image-size', '32', '--epochs', '6', '--batch-size', '16', '--calibration-size', '16', '--backend', 'wasm', '--json'], { MEDIMG_CACHE_DIR: join(dir, 'cache') });
    expect(run.stderr).not.toMatch(/error:/);
    expect(run.code).toBe(0);
    const stages = (JSON.parse(run.stdout) as { stages: { stage: string; skipped: boolean }[] }).stages;
    expect(stages.filter((s) => !s.skipped).map((s) => s.stage)).toEqual(['data', 'train', 'evaluate', 'freeze', 'onnx', 'quantize', 'evaluate-int8', 'benchmark', 'report']);

    const report = JSON.parse(await readFile(join(out, 'report', 'report-data.json'), 'utf8')) as {
      evaluation: { split: string; fp32: { accuracy: number; auc: number }; perClass: PerClass[]; confusion: { labels: string[]; matrix: number[][] } };
    };
    const e = report.evaluation;
    expect(e.split).toBe('test');
    expect(e.confusion.labels).toEqual(classes);
    expect(e.confusion.matrix.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([10, 10, 10]); // N x N, rows = true class
    expect(e.perClass.map((c) => c.className)).toEqual(classes);
    for (const c of e.perClass) {
      expect(c.roc[0]).toEqual({ fpr: 0, tpr: 0 });
      expect(c.roc.at(-1)).toEqual({ fpr: 1, tpr: 1 });
      expect(c.auc).toBeGreaterThan(0.8); // measured here: 0.97-1.00 (distinguishable synthetic classes, 6 epochs at 32 px)
    }
    // the headline AUC is the macro mean of the one-vs-rest AUCs; accuracy is the argmax one (diagonal / total)
    expect(e.fp32.auc).toBeCloseTo(e.perClass.reduce((a, c) => a + c.auc, 0) / 3, 10);
    expect(e.fp32.accuracy).toBeCloseTo(e.confusion.matrix.reduce((a, row, i) => a + (row[i] as number), 0) / 30, 10);

    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toContain(`| macro ROC AUC (one-vs-rest) | ${e.fp32.auc.toFixed(4)} |`);
    for (const c of e.perClass) expect(md).toContain(`| ${c.className} | `);
    expect(md).not.toContain('NaN');
    const roc = await readFile(join(out, 'report', 'roc.svg'), 'utf8');
    for (const name of classes) expect(roc).toContain(`${name} vs rest (AUC `);
    expect((roc.match(/<path d="M/g) ?? []).length).toBe(3);
    const confusion = await readFile(join(out, 'report', 'confusion.svg'), 'utf8');
    expect((confusion.match(/<rect x=/g) ?? []).length).toBe(9);
  }, 600_000);

  it('tune: the objective of a 3-class search is the macro one-vs-rest AUC on validation, and --window reaches every trial', async () => {
    const out = join(dir, 'tune');
    const run = await runCli(['tune', '--data-dir', data, '--out', out, '--lr', '0.003', '--batch-size', '16', '--epochs', '2', '--image-size', '32', '--parallel', '1', '--backend', 'wasm', '--engine', 'tfjs', '--window', '100,200', '--json']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { metric: string; best: { id: string; objective: number; metrics: Record<string, number> } | null };
    expect(summary.best).not.toBeNull();
    const best = summary.best!;
    expect(best.objective).toBe(best.metrics['auc']);
    const card = (JSON.parse(await readFile(join(out, 'best', 'model.json'), 'utf8')) as { userDefinedMetadata: { medimg: { classNames: string[]; preprocessing: { window?: unknown } } } }).userDefinedMetadata.medimg;
    expect(card.classNames).toEqual(classes);
    expect(card.preprocessing.window).toEqual({ center: 100, width: 200 });
    expect(JSON.parse(await readFile(join(out, 'config.json'), 'utf8'))).toMatchObject({ command: 'tune' });
    // the same number from @medimg/metrics through `medimg evaluate` on the same validation side (seed 42, 10%)
    const evaluated = await runCli(['evaluate', '--model', join(out, 'best'), '--data-dir', data, '--split', 'validation', '--backend', 'wasm', '--json']);
    expect(evaluated.code).toBe(0);
    const metrics = JSON.parse(evaluated.stdout) as { multiclass: { auc: number[]; macro: { auc: number } } };
    expect(metrics.multiclass.auc).toHaveLength(3);
    expect(best.objective).toBeCloseTo(metrics.multiclass.macro.auc, 5);
  }, 600_000);
});
