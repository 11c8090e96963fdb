/** The parts of the server's JSON the page reads (GET /v1/models, POST /v1/models/{name}/predict). */

export interface PageModelCard {
  classNames: string[];
  positiveClass: number | null;
  threshold: number;
  preprocessing: { imageSize: number; channels: 1 | 3; resize: 'stretch' | 'letterbox'; scale?: string; normalize?: 'none' | 'percentile' | 'equalize' };
}

export interface PageModelInfo {
  name: string;
  engine: string;
  inputShape: [number, number, number];
  numClasses: number;
  onnxUrl: string | null;
  explain: boolean;
  card: PageModelCard;
}

/** The server's `heatmap` (predict?explain=true), or the one computed in the browser: the map at the model input size and the overlay PNG (base64). */
export interface Heatmap {
  width: number;
  height: number;
  classIndex: number;
  className: string;
  method: string;
  layer: string;
  peak: number;
  data: number[];
  overlayPng: string;
}

export interface PagePrediction {
  probabilities: number[];
  timing: string;
  heatmap?: Heatmap;
}

async function json<T>(response: Response): Promise<T> {
  const body = (await response.json()) as T & { error?: { message: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  return body;
}

export async function listModels(): Promise<PageModelInfo[]> {
  return (await json<{ models: PageModelInfo[] }>(await fetch('/v1/models'))).models;
}

function imageType(file: Blob): string {
  return file.type === 'image/png' || file.type === 'image/jpeg' ? file.type : 'application/octet-stream';
}

/** The model input pixels (HWC uint8) as the server's decoder computes them (no model run on the server). */
export async function preprocessOnServer(model: PageModelInfo, file: Blob): Promise<Uint8Array> {
  const r = await fetch(`/v1/models/${encodeURIComponent(model.name)}/preprocess`, { method: 'POST', headers: { 'content-type': imageType(file) }, body: file });
  if (!r.ok) await json(r);
  return new Uint8Array(await r.arrayBuffer());
}

/** Server mode: the file goes to the server as a raw image body. */
export async function predictOnServer(model: PageModelInfo, file: Blob, explain: boolean): Promise<PagePrediction> {
  const type = imageType(file);
  const url = `/v1/models/${encodeURIComponent(model.name)}/predict${explain ? '?explain=true' : ''}`;
  const r = await json<{ probabilities: Record<string, number>; timing: { queueMs: number; computeMs: number; totalMs: number; batchSize: number }; heatmap?: Heatmap }>(
    await fetch(url, { method: 'POST', headers: { 'content-type': type }, body: file }),
  );
  const t = r.timing;
  return {
    probabilities: model.card.classNames.map((c) => r.probabilities[c] as number),
    timing: `server: ${t.totalMs.toFixed(1)} ms (queue ${t.queueMs.toFixed(1)} ms, model ${t.computeMs.toFixed(1)} ms, batch of ${t.batchSize})`,
    ...(r.heatmap ? { heatmap: r.heatmap } : {}),
  };
}
