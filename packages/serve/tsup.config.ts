import { cpSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { defineConfig } from 'tsup';
import { libConfig } from '../../tools/tsup/lib-config';

/** The page at `/`: page/main.ts bundled for browsers (with onnxruntime-web and dataset's pixel code), plus its HTML and CSS. */
async function buildPage(): Promise<void> {
  const req = createRequire(__filename);
  const datasetRoot = dirname(req.resolve('@medimg/dataset/package.json'));
  const explainRoot = dirname(req.resolve('@medimg/explain/package.json'));
  mkdirSync('dist/page', { recursive: true });
  await build({
    entryPoints: ['page/main.ts'],
    outfile: 'dist/page/app.js',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    // The same resize and intensity normalisation the server's decoder runs (one implementation each, no Node imports).
    alias: {
      'medimg-pixel-ops': join(datasetRoot, 'worker', 'pixel-ops.cjs'),
      'medimg-intensity-normalization': join(datasetRoot, 'src', 'pixels', 'intensity-normalization.ts'),
      // @medimg/explain's class-map math (camMap, overlayPixels, the jet LUT): the server's code, no Node imports.
      'medimg-explain-browser': join(explainRoot, 'src', 'browser.ts'),
    },
    logLevel: 'warning',
  });
  for (const f of ['index.html', 'style.css']) cpSync(join('page', f), join('dist/page', f));
}

// The library (ESM + CJS), the inference worker thread (dist/inference-worker.cjs) and the page (dist/page/).
// `shims` gives the ESM build a __dirname, used to find dist/.
export default defineConfig(
  libConfig({
    entry: { index: 'src/index.ts', 'inference-worker': 'src/worker/inference-worker.ts' },
    shims: true,
    onSuccess: buildPage,
  }),
);
