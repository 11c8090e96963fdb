import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { machineInfo, machineLine, summarize } from '@medimg/bench';
import { loadOptional } from '../optional';
import { loadLine } from '../run-info';
import type { Suite, SuiteContext, SuiteOutput } from '../types';

interface DecodeResult {
  decoder: string;
  files: number;
  imagesPerSecond: number;
  msPerImage: ReturnType<typeof summarize>;
}

/** The first `n` JPEG/PNG files under ROOT/train/{CLASS} (alternating classes). */
async function sampleFiles(root: string, n: number): Promise<string[]> {
  const train = join(root, 'train');
  const classes = (await readdir(train, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const lists = await Promise.all(classes.map(async (c) => (await readdir(join(train, c))).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort().map((f) => join(train, c, f))));
  const out: string[] = [];
  for (let i = 0; out.length < n && lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length && out.length < n) out.push(l[i] as string);
  return out;
}

export const dataSuite: Suite = {
  name: 'data',
  describe: 'decode + resize throughput (sharp, jimp) on real files at 128x128x1 (needs --data-dir)',
  async run(ctx: SuiteContext): Promise<SuiteOutput> {
    const ds = await loadOptional('@medimg/dataset', ['preprocessImageFile', 'sharpAvailable']);
    const skip = (reason: string): SuiteOutput => ({ markdown: `## Data loading\n\nSkipped: ${reason}.`, json: { skipped: reason } });
    if ('reason' in ds) return skip(ds.reason);
    if (ctx.dataDir === null) return skip('no --data-dir (or MEDIMG_DATA_DIR) with ROOT/train/{CLASS} images');
    const files = await sampleFiles(ctx.dataDir, ctx.quick ? 40 : 400);
    if (files.length === 0) return skip(`no images under ${ctx.dataDir}/train`);
    const preprocess = ds.mod['preprocessImageFile'] as (path: string, p: object, decoder: string) => Promise<Uint8Array>;
    const hasSharp = (ds.mod['sharpAvailable'] as () => { ok: boolean })().ok;
    const results: DecodeResult[] = [];
    for (const decoder of hasSharp ? ['sharp', 'jimp'] : ['jimp']) {
      const times: number[] = [];
      const start = performance.now();
      for (const file of files) {
        const t0 = performance.now();
        await preprocess(file, { imageSize: 128, channels: 1, resize: 'stretch', scale: 'unit' }, decoder);
        times.push(performance.now() - t0);
      }
      results.push({ decoder, files: files.length, imagesPerSecond: files.length / ((performance.now() - start) / 1000), msPerImage: summarize(times) });
      ctx.logger.info(`data: ${decoder} ${results[results.length - 1]?.imagesPerSecond.toFixed(1)} images/s`);
    }
    const markdown = [
      '## Data loading',
      '',
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine(machineInfo())}; ${loadLine()} at the end.`,
      `Decode + grayscale + resize to 128x128 of ${files.length} files from the training folder, one at a time on the main thread.`,
      '',
      '| decoder | files | images/s | ms/image p50 | p90 |',
      '|---|---|---|---|---|',
      ...results.map((r) => `| ${r.decoder} | ${r.files} | ${r.imagesPerSecond.toFixed(1)} | ${r.msPerImage.p50.toFixed(2)} | ${r.msPerImage.p90.toFixed(2)} |`),
      ...(hasSharp ? [] : ['', 'sharp is not installed; jimp only.']),
    ].join('\n');
    return { markdown, json: results };
  },
};
