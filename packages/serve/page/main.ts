import { listModels, predictOnServer, preprocessOnServer, type PageModelInfo, type PagePrediction } from './api';
import { browserHeatmap } from './browser-heatmap';
import { predictInBrowser } from './browser-model';
import { decideClass } from './decide';
import { decodeImage, modelPixels } from './decode-image';
import { drawView } from './heatmap';

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`page element #${id} is missing`);
  return el as T;
};

const modelSelect = $<HTMLSelectElement>('model');
const fileInput = $<HTMLInputElement>('file');
const drop = $<HTMLLabelElement>('drop');
const result = $<HTMLDivElement>('result');
const probsList = $<HTMLUListElement>('probs');
const decision = $<HTMLParagraphElement>('decision');
const timing = $<HTMLParagraphElement>('timing');
const errorBox = $<HTMLParagraphElement>('error');
const view = $<HTMLCanvasElement>('view');
const showHeatmap = $<HTMLInputElement>('show-heatmap');
const serverPixels = $<HTMLInputElement>('server-pixels');
const overlayWrap = $<HTMLElement>('overlay-wrap');
const overlay = $<HTMLImageElement>('overlay');
const overlayCaption = $<HTMLElement>('overlay-caption');
const heatmapJson = $<HTMLAnchorElement>('heatmap-json');

let models: PageModelInfo[] = [];
let current: File | null = null;
let run = 0;

const mode = (): 'server' | 'browser' => ($<HTMLInputElement>('mode-browser').checked ? 'browser' : 'server');
const model = (): PageModelInfo => {
  const m = models.find((x) => x.name === modelSelect.value) ?? models[0];
  if (m === undefined) throw new Error('the server serves no model');
  return m;
};

function describe(m: PageModelInfo): string {
  const p = m.card.preprocessing;
  const op = m.card.positiveClass === null ? 'argmax' : `threshold ${m.card.threshold.toFixed(4)} on ${m.card.classNames[m.card.positiveClass]}`;
  return `${m.engine}, ${p.imageSize}x${p.imageSize}x${p.channels} ${p.resize}, classes ${m.card.classNames.join(' / ')}, ${op}${m.onnxUrl === null ? ', no ONNX (server mode only)' : ''}`;
}

function show(m: PageModelInfo, p: PagePrediction, runMode: string): void {
  const d = decideClass(m.card, p.probabilities);
  decision.textContent = d.text;
  probsList.replaceChildren(
    ...m.card.classNames.map((name, i) => {
      const v = p.probabilities[i] as number;
      const li = document.createElement('li');
      li.dataset['class'] = name;
      li.dataset['prob'] = String(v);
      if (i === d.index) li.className = 'decided';
      li.innerHTML = `<div><b></b> <span class="v"></span></div><div class="bar"><span></span></div>`;
      (li.querySelector('b') as HTMLElement).textContent = name;
      (li.querySelector('.v') as HTMLElement).textContent = `${(v * 100).toFixed(2)}%`;
      (li.querySelector('.bar span') as HTMLElement).style.width = `${(v * 100).toFixed(1)}%`;
      return li;
    }),
  );
  timing.textContent = p.timing;
  showOverlay(p.heatmap);
  result.dataset['mode'] = runMode;
  result.dataset['model'] = m.name;
  result.dataset['prediction'] = m.card.classNames[d.index] ?? '';
}

/**
 * The overlay PNG (the server's: what the model saw, the map, the probabilities and the decision; in browser mode the
 * one drawn here), and the map as a JSON download, when there is a heatmap.
 */
function showOverlay(heatmap: PagePrediction['heatmap']): void {
  overlayWrap.hidden = heatmap === undefined;
  result.dataset['heatmap'] = heatmap === undefined ? 'none' : 'shown';
  if (heatmapJson.href !== '') URL.revokeObjectURL(heatmapJson.href);
  heatmapJson.removeAttribute('href');
  if (heatmap === undefined) {
    overlay.removeAttribute('src');
    return;
  }
  const { overlayPng: _png, ...numbers } = heatmap;
  heatmapJson.href = URL.createObjectURL(new Blob([JSON.stringify(numbers)], { type: 'application/json' }));
  overlay.src = `data:image/png;base64,${heatmap.overlayPng}`;
  overlayCaption.textContent = `where the model sees ${heatmap.className}: ${heatmap.method} on ${heatmap.layer}${heatmap.peak === 0 ? ' (no positive evidence)' : ''}`;
}

async function classify(): Promise<void> {
  if (current === null) return;
  const file = current;
  const id = ++run;
  const m = model();
  const useServerPixels = serverPixels.checked;
  const runMode = mode() === 'browser' && useServerPixels ? 'browser-server-pixels' : mode();
  result.dataset['state'] = 'running';
  errorBox.textContent = '';
  try {
    const image = await decodeImage(file);
    drawView(view, image.bitmap, undefined);
    let p: PagePrediction;
    if (runMode === 'server') {
      p = await predictOnServer(m, file, m.explain && showHeatmap.checked);
    } else {
      const pixels = useServerPixels ? await preprocessOnServer(m, file) : modelPixels(image, m.card);
      const t0 = performance.now();
      const { probabilities, cam } = await predictInBrowser(m, pixels);
      const heatmap = cam !== undefined && showHeatmap.checked ? browserHeatmap(m, pixels, cam, decideClass(m.card, probabilities).index) : undefined;
      p = {
        probabilities,
        timing: `in this browser (onnxruntime-web wasm): ${(performance.now() - t0).toFixed(1)} ms, pixels from the ${useServerPixels ? "server's" : "browser's"} decoder`,
        ...(heatmap !== undefined ? { heatmap } : {}),
      };
    }
    if (id !== run) return;
    drawView(view, image.bitmap, p.heatmap);
    show(m, p, runMode);
    result.dataset['state'] = 'done';
  } catch (error) {
    if (id !== run) return;
    errorBox.textContent = error instanceof Error ? error.message : String(error);
    showOverlay(undefined);
    result.dataset['state'] = 'error';
  }
}

function pick(file: File | undefined): void {
  if (file === undefined) return;
  current = file;
  void classify();
}

fileInput.addEventListener('change', () => pick(fileInput.files?.[0]));
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  pick(e.dataTransfer?.files[0]);
});
for (const el of [$('mode-server'), $('mode-browser'), showHeatmap, serverPixels, modelSelect]) el.addEventListener('change', () => void classify());

async function init(): Promise<void> {
  try {
    models = await listModels();
    modelSelect.replaceChildren(...models.map((m) => new Option(m.name, m.name)));
    const update = (): void => {
      $('model-info').textContent = describe(model());
      $<HTMLInputElement>('mode-browser').disabled = model().onnxUrl === null;
      showHeatmap.disabled = !model().explain && model().onnxUrl === null;
    };
    modelSelect.addEventListener('change', update);
    update();
    document.body.dataset['ready'] = 'true';
  } catch (error) {
    errorBox.textContent = `Cannot list models: ${error instanceof Error ? error.message : String(error)} (is the server ready? see /health/ready)`;
    document.body.dataset['ready'] = 'error';
  }
}

void init();
