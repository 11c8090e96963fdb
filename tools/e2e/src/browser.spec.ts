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

async function probabilities(page: Page, mode: 'server' | 'browser' | 'browser-server-pixels'): Promise<Record<string, number>> {
  await page.locator('#result[data-state="done"]').waitFor({ timeout: 30_000 });
  const state = await page.locator('#result').getAttribute('data-mode');
  expect(state).toBe(mode);
  const rows = await page.locator('#probs li').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-class') ?? '', Number(li.getAttribute('data-prob'))] as const));
  return Object.fromEntries(rows);
}

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

  it('shows the same probabilities from the server and from onnxruntime-web in the browser as medimg predict', async () => {
    const data = join(work, 'data');
    // 64 px images for a 32 px model: no pre-reduction (the server's sharp pre-reduces images over 2x the model input
    // with libvips, which the browser cannot reproduce; the page's "server pixels" option covers that case).
    expect((await runCli(['data', 'synth', '--out', data, '--per-class', '40', '--size', '64', '--seed', '3'])).code).toBe(0);
    const run = join(work, 'run');
    const trained = await runCli(['train', '--data-dir', data, '--out', run, '--epochs', '2', '--image-size', '32', '--batch-size', '16', '--normalize', 'percentile', '--backend', 'wasm']); // the page must apply the card's normalisation too
    expect(trained.code).toBe(0);
    const image = join(data, 'test', 'PNEUMONIA', (await readdir(join(data, 'test', 'PNEUMONIA'))).sort()[0] as string);
    const predicted = JSON.parse((await runCli(['predict', '--model', join(run, 'best'), image, '--json'])).stdout.trim()) as { probabilities: Record<string, number>; prediction: string };

    // The training run directory: the server loads RUN/best (tfjs-layers) and exports its ONNX form for the page.
    server = await serve([`xray=${run}`]);
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
    await page.locator('#mode-browser').check();
    const inBrowser = await probabilities(page, 'browser');
    await page.locator('#server-pixels').check();
    const serverPixels = await probabilities(page, 'browser-server-pixels');

    const artifacts = join(ROOT, 'tools', 'e2e', 'artifacts');
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'serve-page.png'), fullPage: true });

    expect(Object.keys(onServer)).toEqual(['NORMAL', 'PNEUMONIA']);
    const gap = (a: Record<string, number>): number => Math.max(...Object.keys(onServer).map((c) => Math.abs((a[c] as number) - (onServer[c] as number))));
    console.log(`server ${JSON.stringify(onServer)}; max |browser - server| ${gap(inBrowser).toExponential(2)} (browser pixels), ${gap(serverPixels).toExponential(2)} (server pixels); medimg predict ${JSON.stringify(predicted.probabilities)}`);
    for (const c of ['NORMAL', 'PNEUMONIA']) {
      expect(Math.abs((inBrowser[c] as number) - (onServer[c] as number))).toBeLessThanOrEqual(1e-4);
      expect(Math.abs((serverPixels[c] as number) - (onServer[c] as number))).toBeLessThanOrEqual(1e-4);
      expect(Math.abs((onServer[c] as number) - (predicted.probabilities[c] as number))).toBeLessThanOrEqual(5.1e-5); // predict rounds to 4 decimals
    }
    expect(await page.locator('#result').getAttribute('data-prediction')).toBe(predicted.prediction);
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
