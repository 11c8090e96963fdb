import { encodeModel, valueInfo, type OnnxModel } from '@medimg/onnx';
import { modelInput, type LabeledImageSet, type Preprocessing } from '@medimg/core';
import { createOrtSession, loadOrt } from '@medimg/runtime';
import { limitedBatches } from './limited-batches';
import { addHistogram, addMinMax, emptyStats, startHistogram } from './tensor-stats';
import type { QuantizeProgress, TensorStats } from './types';

export interface CalibrationInput {
  model: OnnxModel;
  tensors: readonly string[];
  images: LabeledImageSet;
  size: number;
  batchSize: number;
  seed: number;
  histogram: boolean;
  /** How pixels are fed (the model card's preprocessing.scale). */
  scale: Preprocessing['scale'];
  onProgress?: (p: QuantizeProgress) => void;
}

/**
 * Runs the FP32 model in onnxruntime with the intermediate tensors added as graph outputs over the first `size`
 * calibration images (seeded order) and collects their min/max; a second pass fills histograms when asked.
 */
export async function collectStats(input: CalibrationInput): Promise<{ stats: Map<string, TensorStats>; images: number }> {
  const { model, tensors } = input;
  const inputName = model.graph.input.find((v) => !model.graph.initializer.some((t) => t.name === v.name))?.name ?? '';
  const existing = new Set(model.graph.output.map((o) => o.name));
  const extra = tensors.filter((t) => t !== inputName && !existing.has(t));
  const augmented: OnnxModel = { ...model, graph: { ...model.graph, output: [...model.graph.output, ...extra.map((t) => ({ ...valueInfo(t, []), unknownShape: true }))] } };
  const ort = await loadOrt();
  const session = await createOrtSession(encodeModel(augmented), { optimize: false, label: 'calibration model' });
  const stats = new Map(tensors.map((t) => [t, emptyStats()] as const));
  const total = Math.min(input.size, input.images.size);
  const pass = async (phase: 'calibrate' | 'histogram', fold: (s: TensorStats, v: ArrayLike<number>) => void): Promise<number> => {
    let done = 0;
    for await (const batch of limitedBatches(input.images, input.size, input.batchSize, input.seed)) {
      const feed = new ort.Tensor('float32', modelInput(batch.pixels, input.scale), [batch.size, batch.height, batch.width, batch.channels]);
      const out = await session.run({ [inputName]: feed });
      for (const t of tensors) {
        const values = t === inputName ? feed.data : out[t]?.data;
        const s = stats.get(t);
        if (values === undefined || s === undefined) throw new Error(`Error in calibration: tensor ${t} was not produced`);
        fold(s, values as Float32Array);
      }
      done += batch.size;
      input.onProgress?.({ phase, done, total });
    }
    return done;
  };
  try {
    const images = await pass('calibrate', addMinMax);
    if (input.histogram) {
      for (const s of stats.values()) startHistogram(s);
      await pass('histogram', addHistogram);
    }
    return { stats, images };
  } finally {
    await session.release();
  }
}
