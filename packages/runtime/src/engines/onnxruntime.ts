import { ModelIOError, modelInput, type ImageBatch, type ModelCard, type Predictor } from '@medimg/core';
import { decodeModelInfo } from '@medimg/onnx';
import { checkShapeAgainstCard } from '../check-batch';
import { makePredictor } from '../make-predictor';
import { readOnnxCard, readOnnxInfo } from '../onnx-card';
import { createOrtSession, loadOrt } from '../ort-session';
import type { PredictorEngine } from '../types';

export const ONNXRUNTIME = 'onnxruntime';

/**
 * An ONNX model (file path or bytes; FP32 or INT8 QDQ alike) in onnxruntime-node as a Predictor. The card comes from
 * the model's metadata_props unless given. Input: one NHWC float tensor [batch, H, W, C]; output [batch, classes].
 */
export async function onnxPredictor(model: string | Uint8Array, options: { card?: ModelCard; threads?: number; label?: string } = {}): Promise<Predictor> {
  const label = typeof model === 'string' ? model : (options.label ?? 'ONNX bytes');
  const info = typeof model === 'string' ? readOnnxInfo(model) : decodeModelInfo(model);
  const card = options.card ?? readOnnxCard(label, info);
  const inputDims = info.input[0]?.dims ?? [];
  const outputDims = info.output[0]?.dims ?? [];
  const numClasses = outputDims[outputDims.length - 1];
  if (inputDims.length !== 4 || typeof numClasses !== 'number' || numClasses <= 0) {
    throw new ModelIOError(`Error loading ${label}: expected one input [batch, H, W, C] and an output [batch, classes], got input [${inputDims.join(', ')}] and output [${outputDims.join(', ')}]. Fix: export it with \`medimg export-onnx\`.`, label);
  }
  checkShapeAgainstCard('onnxruntime predictor', label, inputDims.slice(1) as number[], card);
  const ort = await loadOrt();
  const session = await createOrtSession(model, { ...(options.threads !== undefined ? { threads: options.threads } : {}), label });
  const inputName = session.inputNames[0] as string;
  const outputName = session.outputNames[0] as string;
  const scale = card.preprocessing.scale;
  return makePredictor({
    card,
    numClasses,
    engine: ONNXRUNTIME,
    async run(batch: ImageBatch): Promise<Float32Array> {
      const x = new ort.Tensor('float32', modelInput(batch.pixels, scale), [batch.size, ...card.inputShape]);
      const out = await session.run({ [inputName]: x });
      const y = out[outputName];
      if (y === undefined) throw new ModelIOError(`Error running ${label}: no output ${outputName}`, label);
      return Float32Array.from(y.data as Float32Array);
    },
    dispose: () => session.release().catch(() => undefined),
  });
}

/** Runs .onnx files (FP32 from export-onnx, INT8 from quantize) in onnxruntime-node on the CPU. */
export const onnxruntimeEngine: PredictorEngine = {
  kinds: ['onnx'],
  load: ({ path }, { threads }) => onnxPredictor(path, threads !== undefined ? { threads } : {}),
};
