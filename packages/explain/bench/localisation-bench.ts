/**
 * Localisation of the default pipeline model: runs `medimg pipeline` on its default synthetic data (or reuses a run),
 * regenerates the same images with their lung and lesion masks (same generator options and seed, so the pixels are
 * byte-identical: checked), and scores the class maps of PNEUMONIA on the test split for the LayersModel (Grad-CAM,
 * tfjs), the FP32 ONNX and the INT8 ONNX (CAM output, onnxruntime-node). Run from the repo root after a build:
 *
 *   npx esbuild packages/explain/bench/localisation-bench.ts --bundle --platform=node --format=cjs \
 *     --packages=external '--external:@medimg/*' --outfile=packages/explain/dist/localisation-bench.cjs \
 *     && node packages/explain/dist/localisation-bench.cjs [--out out/pipeline] [--split test] [--json results.json]
 *
 * Prints a Markdown table; writes the summary as JSON (default OUT/localisation.json).
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend, writeFileAtomic } from '@medimg/core';
import { generateSyntheticXrays } from '@medimg/dataset';
import { evaluateLocalisation, loadExplainer, type LocalisationReport } from '@medimg/explain';
import { runPipeline } from '@medimg/pipeline';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const outDir = arg('out', 'out/pipeline');
const split = arg('split', 'test');
const jsonFile = arg('json', join(outDir, 'localisation.json'));
/** The pipeline's synthetic-data defaults (packages/pipeline/src/settings.ts and stage-data.ts). */
const PIPELINE_SYNTH = { perClass: 200, size: 128, seed: 42 };

async function main(): Promise<void> {
  const backend = await selectBackend({ backend: 'wasm' });
  const started = Date.now();
  await runPipeline({ outDir, to: 'quantize', command: 'localisation-bench' });
  const pipelineSeconds = (Date.now() - started) / 1000;
  const masked = join(tmpdir(), `medimg-localisation-${process.pid}`);
  const masksDir = join(masked, 'masks');
  try {
    await generateSyntheticXrays({ outDir: join(masked, 'data'), ...PIPELINE_SYNTH, masksDir });
    const imageDir = join(outDir, 'data', 'synthetic', split, 'PNEUMONIA');
    for (const f of (await readdir(imageDir)).sort()) {
      const same = (await readFile(join(imageDir, f))).equals(await readFile(join(masked, 'data', split, 'PNEUMONIA', f)));
      if (!same) throw new Error(`Error in localisation-bench: ${f} differs from the regenerated image; the pipeline's synthetic settings changed (update PIPELINE_SYNTH)`);
    }
    const models: [string, string][] = [
      ['LayersModel (tfjs Grad-CAM)', join(outDir, 'train', 'best')],
      ['ONNX FP32 (cam output)', join(outDir, 'onnx', 'model.onnx')],
      ['ONNX INT8 (cam output)', join(outDir, 'quantize', 'model.int8.onnx')],
    ];
    const rows: { model: string; path: string; report: Omit<LocalisationReport, 'perImage'> }[] = [];
    for (const [label, path] of models) {
      const explainer = await loadExplainer(path);
      try {
        const { perImage, ...report } = await evaluateLocalisation({ explainer, imageDir, maskDir: join(masksDir, split, 'PNEUMONIA') });
        rows.push({ model: label, path, report });
        void perImage;
      } finally {
        explainer.dispose();
      }
    }
    const lines = [
      `| model | images | layer | heat in lungs | lung area | heat in lesion | pointing hit rate | chance |`,
      `|---|---|---|---|---|---|---|---|`,
      ...rows.map(({ model, report: r }) => `| ${model} | ${r.images} | ${r.layer} | ${(100 * r.heatInLung).toFixed(1)}% | ${(100 * r.lungArea).toFixed(1)}% | ${(100 * r.heatInLesion).toFixed(1)}% | ${(100 * r.hitRate).toFixed(1)}% | ${(100 * r.chanceRate).toFixed(1)}% |`),
    ];
    process.stdout.write(`${lines.join('\n')}\n\npointing tolerance ${rows[0]?.report.tolerance} px at the model input; pipeline ${pipelineSeconds.toFixed(0)} s; ${cpus().length} x ${cpus()[0]?.model ?? '?'}; tfjs ${backend.name}\n`);
    await writeFileAtomic(jsonFile, JSON.stringify({ outDir, split, backend: backend.name, cpus: cpus().length, cpu: cpus()[0]?.model, pipelineSeconds, rows }, null, 2));
  } finally {
    await rm(masked, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
