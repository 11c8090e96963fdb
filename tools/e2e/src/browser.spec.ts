/// <reference lib="dom" />
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CLI, ROOT, runCli } from './cli';

/** Debian's chromium on PATH (CI installs it in .ci/run); never a downloaded browser. */
function chromiumPath(): string {
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('Error in browser e2e: no chromium on PATH. Fix: apt-get install chromium (.ci/run does).');
}

/**
 * INT8 in the browser (onnxruntime-web wasm) vs on the server (onnxruntime-node), same QDQ file, same pixels. Measured
 * on the 2-core Intel Xeon (AVX-512 VNNI) dev machine: max |diff| 0 (bit-identical; both run onnxruntime's integer kernels, whose
 * accumulations are exact), FP32 - INT8 4.9e-3. What may differ on another CPU: x86 u8s8 kernels without VNNI (AVX2) add
 * pairs of products in 16 bits and can saturate (onnxruntime's known reason for reduce_range), moving an intermediate
 * uint8 by a few quantisation steps; 1e-3 allows that and is still ~5x below the FP32 - INT8 gap, so a browser running
 * another model (e.g. the FP32 one) fails.
 */
const INT8_TOLERANCE = 1e-3;

/**
 * The class map computed in the browser (onnxruntime-web's `cam` output through @medimg/explain's camMap, bundled in the
 * page) vs the server's heatmap.data for the FP32 model (the server explains the LayersModel with tfjs Grad-CAM, equal
 * to CAM for conv -> GAP -> dense). Both are float32 maps min-max normalised to [0, 1]; the two engines round
 * differently (~1e-6 relative per layer, batch norm folded in the ONNX graph but not in tfjs), and normalising by the
 * map's range amplifies that. Measured on the 2-core Xeon dev machine: max |diff| 1.2e-7 (browser pixels and server
 * pixels alike; INT8, same file on both engines: 6.0e-8), and 6.6e-7 between the ONNX CAM and the tfjs Grad-CAM in
 * packages/serve's predict-explain.spec.ts. 1e-4 leaves two orders of margin for another CPU's kernels and a model
 * with a flatter map, while a wrong class, layer, upsampling or normalisation moves the map by > 1e-2.
 */
const MAP_TOLERANCE = 1e-4;

/** Starts `medimg serve` on a free port; resolves with its URL once it prints that it is ready. */
function serve(models: string[]): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', ...models.flatMap((m) => ['--model', m]), '--port', '0', '--threads', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line !== undefined) resolve({ url: (JSON.parse(line) as { url: string }).url, child, stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`medimg serve exited with ${code} before it was ready:\n${err}`)));
  });
}

async function probabilities(page: Page, mode: 'server' | 'browser' | 'browser-server-pixels', model = 'xray'): Promise<Record<string, number>> {
  await page.locator(`#result[data-state="done"][data-model="${model}"][data-mode="${mode}"]`).waitFor({ timeout: 60_000 });
  const rows = await page.locator('#probs li').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-class') ?? '', Number(li.getAttribute('data-prob'))] as const));
  return Object.fromEntries(rows);
}

/** Pixels of the page's canvas whose colour is not grey: the X-ray is grey, so these are the drawn heatmap. */
async function colouredPixels(page: Page): Promise<number> {
  return page.locator('#view').evaluate((canvas: HTMLCanvasElement) => {
    const d = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.max(d[i]!, d[i + 1]!, d[i + 2]!) - Math.min(d[i]!, d[i + 1]!, d[i + 2]!) > 40) n++;
    return n;
  });
}

interface PageHeatmap {
  width: number;
  height: number;
  classIndex: number;
  method: string;
  data: number[];
}

/** The page's current heatmap, from its "the map as JSON" link (server mode: the server's numbers; browser mode: the page's). */
async function heatmapOf(page: Page): Promise<PageHeatmap> {
  await page.locator('#result[data-heatmap="shown"]').waitFor({ timeout: 5_000 });
  return page.locator('#heatmap-json').evaluate(async (a: HTMLAnchorElement) => (await (await fetch(a.href)).json()) as PageHeatmap);
}

/** Largest |a - b| over two maps' values. */
const mapGap = (a: PageHeatmap, b: PageHeatmap): number => {
  expect([a.width, a.height, a.data.length, a.classIndex]).toEqual([b.width, b.height, b.width * b.height, b.classIndex]);
  return Math.max(...a.data.map((v, i) => Math.abs(v - (b.data[i] as number))));
};

/** Largest |a - b| over the classes of `a`. */
const gap = (a: Record<string, number>, b: Record<string, number>): number => Math.max(...Object.keys(a).map((c) => Math.abs((a[c] as number) - (b[c] as number))));

describe('the page at / (real Chromium, real server, real model)', () => {
  let work = '';
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  let browser: BrowserContext | undefined;
  let profile = '';

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'medimg-e2e-browser-'));
    profile = await mkdtemp(join(tmpdir(), 'medimg-e2e-chromium-'));
  });
  afterAll(async () => {
    await browser?.close();
    if (server !== undefined && server.child.exitCode === null) {
      const exited = new Promise((r) => server!.child.once('exit', r));
      server.child.kill('SIGTERM');
      await exited;
    }
    await rm(work, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  });

  it('shows the same probabilities from the server and from onnxruntime-web in the browser as medimg predict (FP32, INT8, 3 classes), and the same heatmap from both', async () => {
    const data = join(work, 'data');
    // 64 px images for a 32 px model: no pre-reduction (the server's sharp pre-reduces images over 2x the model input
    // with libvips, which the browser cannot reproduce; the page's "server pixels" option covers that case).
    expect((await runCli(['data', 'synth', '--out', data, '--per-class', '40', '--size', '64', '--seed', '3'])).code).toBe(0);
    const run = join(work, 'run');
    const trained = await runCli(['train', '--data-dir', data, '--out', run, '--epochs', '2', '--image-size', '32', '--batch-size', '16', '--normalize', 'percentile', '--backend', 'wasm']); // the page must apply the card's normalisation too
    expect(trained.code).toBe(0);
    // The INT8 form (QDQ, calibrated on the training images); tolerance 1 keeps the accuracy guard from refusing a 2-epoch model.
    const fp32 = join(work, 'model.onnx');
    const int8 = join(work, 'model.int8.onnx');
    expect((await runCli(['export-onnx', '--model', join(run, 'best'), '--out', fp32])).code).toBe(0);
    const quantized = await runCli(['quantize', '--model', fp32, '--data-dir', data, '--out', int8, '--calibration-size', '32', '--tolerance', '1']);
    expect(quantized.stderr).not.toMatch(/^Error/m);
    expect(quantized.code).toBe(0);
    // A 3-class model (NORMAL / BACTERIA / VIRUS), one epoch: only the N-class serving path is under test.
    const data3 = join(work, 'data3');
    expect((await runCli(['data', 'synth', '--out', data3, '--classes', '3', '--per-class', '16', '--size', '64', '--seed', '4'])).code).toBe(0);
    const run3 = join(work, 'run3');
    expect((await runCli(['train', '--data-dir', data3, '--out', run3, '--epochs', '1', '--image-size', '32', '--batch-size', '16', '--backend', 'wasm'])).code).toBe(0);
    const image = join(data, 'test', 'PNEUMONIA', (await readdir(join(data, 'test', 'PNEUMONIA'))).sort()[0] as string);
    const predicted = JSON.parse((await runCli(['predict', '--model', join(run, 'best'), image, '--json'])).stdout.trim()) as { probabilities: Record<string, number>; prediction: string };

    // The training run directory: the server loads RUN/best (tfjs-layers) and exports its ONNX form for the page.
    server = await serve([`xray=${run}`, `int8=${int8}`, `tri=${run3}`]);
    // A fresh profile per run (playwright passes it to chromium as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(server.url);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 15_000 });
    await page.locator('#file').setInputFiles(image);
    const onServer = await probabilities(page, 'server');
    // The heatmap overlay of the server's answer (predict?explain=true): the PNG it drew, and the map on the canvas.
    await page.locator('#result[data-heatmap="shown"]').waitFor({ timeout: 5_000 });
    await page.waitForFunction(() => (document.getElementById('overlay') as HTMLImageElement).naturalWidth === 448, undefined, { timeout: 10_000 });
    expect(await page.locator('#overlay').isVisible()).toBe(true);
    const hotWithMap = await colouredPixels(page);
    const serverMap = await heatmapOf(page);
    const artifacts = join(ROOT, 'tools', 'e2e', 'artifacts');
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'serve-page.png'), fullPage: true });
    await page.locator('#mode-browser').check();
    const inBrowser = await probabilities(page, 'browser');
    // In the browser: the map from onnxruntime-web's `cam` output, the overlay drawn by the page.
    const browserMap = await heatmapOf(page);
    expect(browserMap.method).toBe('cam');
    await page.waitForFunction(() => (document.getElementById('overlay') as HTMLImageElement).naturalWidth === 448, undefined, { timeout: 10_000 });
    expect(await page.locator('#overlay').isVisible()).toBe(true);
    const hotInBrowser = await colouredPixels(page);
    await page.screenshot({ path: join(artifacts, 'serve-page-browser-heatmap.png'), fullPage: true });
    await page.locator('#server-pixels').check();
    const serverPixels = await probabilities(page, 'browser-server-pixels');
    const serverPixelsMap = await heatmapOf(page);
    // Heatmap off: nothing coloured on the canvas, no overlay.
    await page.locator('#show-heatmap').uncheck();
    await page.locator('#result[data-state="done"][data-heatmap="none"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('#overlay').isVisible()).toBe(false);
    const hotWithout = await colouredPixels(page);
    await page.locator('#show-heatmap').check();
    await page.locator('#result[data-state="done"][data-heatmap="shown"]').waitFor({ timeout: 60_000 });

    expect(Object.keys(onServer)).toEqual(['NORMAL', 'PNEUMONIA']);
    console.log(
      `FP32: server ${JSON.stringify(onServer)}; max |browser - server| ${gap(inBrowser, onServer).toExponential(2)} (browser pixels), ${gap(serverPixels, onServer).toExponential(2)} (server pixels); medimg predict ${JSON.stringify(predicted.probabilities)}; heatmap: ${hotWithMap} coloured canvas pixels (${hotInBrowser} in the browser, ${hotWithout} without); max |browser map - server map| ${mapGap(browserMap, serverMap).toExponential(2)} (browser pixels), ${mapGap(serverPixelsMap, serverMap).toExponential(2)} (server pixels)`,
    );
    for (const c of ['NORMAL', 'PNEUMONIA']) {
      expect(Math.abs((inBrowser[c] as number) - (onServer[c] as number))).toBeLessThanOrEqual(1e-4);
      expect(Math.abs((serverPixels[c] as number) - (onServer[c] as number))).toBeLessThanOrEqual(1e-4);
      expect(Math.abs((onServer[c] as number) - (predicted.probabilities[c] as number))).toBeLessThanOrEqual(5.1e-5); // predict rounds to 4 decimals
    }
    expect(hotWithout).toBe(0);
    expect(hotWithMap).toBeGreaterThan(448 * 8);
    expect(hotInBrowser).toBeGreaterThan(448 * 8);
    expect(mapGap(browserMap, serverMap)).toBeLessThanOrEqual(MAP_TOLERANCE);
    expect(mapGap(serverPixelsMap, serverMap)).toBeLessThanOrEqual(MAP_TOLERANCE);

    // INT8: onnxruntime-web (wasm) in the browser against onnxruntime-node on the server, same file, same pixels.
    await page.locator('#mode-server').check();
    await page.locator('#model').selectOption('int8');
    const int8Server = await probabilities(page, 'server', 'int8');
    const int8ServerMap = await heatmapOf(page);
    await page.locator('#mode-browser').check();
    const int8Browser = await probabilities(page, 'browser-server-pixels', 'int8');
    const int8BrowserMap = await heatmapOf(page);
    await page.locator('#server-pixels').uncheck();
    const int8BrowserPixels = await probabilities(page, 'browser', 'int8');
    console.log(`INT8: server ${JSON.stringify(int8Server)}; max |browser - server| ${gap(int8Browser, int8Server).toExponential(2)} (server pixels), ${gap(int8BrowserPixels, int8Server).toExponential(2)} (browser pixels); FP32 - INT8 ${gap(int8Server, onServer).toExponential(2)}; max |browser map - server map| ${mapGap(int8BrowserMap, int8ServerMap).toExponential(2)} (server pixels)`);
    expect(gap(int8Browser, int8Server)).toBeLessThanOrEqual(INT8_TOLERANCE);
    expect(gap(int8BrowserPixels, int8Server)).toBeLessThanOrEqual(INT8_TOLERANCE);

    // Three classes: a row per class, the argmax decision, the same numbers in the browser.
    await page.locator('#mode-server').check();
    await page.locator('#model').selectOption('tri');
    const triServer = await probabilities(page, 'server', 'tri');
    expect(Object.keys(triServer).sort()).toEqual(['BACTERIA', 'NORMAL', 'VIRUS']);
    const top = Object.entries(triServer).sort((a, b) => b[1] - a[1])[0]![0];
    expect(await page.locator('#result').getAttribute('data-prediction')).toBe(top);
    await page.locator('#result[data-heatmap="shown"]').waitFor({ timeout: 5_000 });
    await page.locator('#mode-browser').check();
    const triBrowser = await probabilities(page, 'browser', 'tri');
    console.log(`3 classes: server ${JSON.stringify(triServer)}; max |browser - server| ${gap(triBrowser, triServer).toExponential(2)}`);
    expect(gap(triBrowser, triServer)).toBeLessThanOrEqual(1e-4);
    await page.screenshot({ path: join(artifacts, 'serve-page-3-classes.png'), fullPage: true });

    await page.locator('#mode-server').check();
    await page.locator('#model').selectOption('xray');
    await probabilities(page, 'server', 'xray');
    expect(await page.locator('#result').getAttribute('data-prediction')).toBe(predicted.prediction);
    expect(consoleErrors).toEqual([]);
  }, 240_000);
});
