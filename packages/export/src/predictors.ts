import * as tf from '@tensorflow/tfjs';
import { loadGraphModelDir, modelCardOfModelJson, ModelIOError, ValidationError, type ImageBatch, type ModelMetadata } from '@medimg/core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FrozenGraphInfo } from './freeze';
import { onnxMetadataOf, readOnnxInfo } from './onnx-metadata';
import { loadOrt, sessionOptions } from './ort';
import type { BatchPredictor, OnnxPredictorOptions } from './types';

function checkBatch(where: string, batch: ImageBatch, [h, w, c]: readonly [number, number, number]): void {
  const problems: string[] = [];
  if (batch.height !== h || batch.width !== w || batch.channels !== c) {
    problems.push(`batch images are ${batch.height}x${batch.width}x${batch.channels}, the model expects ${h}x${w}x${c} (preprocess with the model's imageSize/channels)`);
  }
  if (batch.pixels.length !== batch.size * batch.height * batch.width * batch.channels) {
    problems.push(`batch.pixels has ${batch.pixels.length} values, size*height*width*channels = ${batch.size * batch.height * batch.width * batch.channels}`);
  }
  if (problems.length > 0) throw new ValidationError(where, problems);
}

/** Model units: float32 pixels / 255, NHWC. */
function scaled(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i] as number) / 255;
  return out;
}

/**
 * Runs an .onnx model (from `exportOnnx`, or any model with one NHWC float input [batch, H, W, C]) in onnxruntime-node
 * on core ImageBatches. Class names and preprocessing come from its metadata (`metadata` is null without them).
 */
export async function onnxPredictor(file: string, options: OnnxPredictorOptions = {}): Promise<BatchPredictor> {
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1)) {
    throw new ValidationError('onnxPredictor', [`threads must be an integer >= 1; got ${JSON.stringify(options.threads)}`]);
  }
  const info = readOnnxInfo(file);
  const metadata = onnxMetadataOf(info, file);
  const inputDims = info.input[0]?.dims ?? [];
  const outputDims = info.output[0]?.dims ?? [];
  const shape = inputDims.slice(1);
  const numClasses = outputDims[outputDims.length - 1];
  if (inputDims.length !== 4 || !shape.every((d): d is number => typeof d === 'number' && d > 0) || typeof numClasses !== 'number' || numClasses <= 0) {
    throw new ModelIOError(
      `Error loading ${file}: expected one input [batch, H, W, C] and an output [batch, classes] with fixed sizes, got input [${inputDims.join(', ')}] and output [${outputDims.join(', ')}]. Fix: export it with \`medimg export-onnx\`.`,
      file,
    );
  }
  const inputShape = shape as [number, number, number];
  const ort = await loadOrt();
  const session = await ort.InferenceSession.create(file, sessionOptions(options.threads)).catch((error: unknown) => {
    throw new ModelIOError(`Error loading ${file} in onnxruntime: ${(error as Error).message}`, file, { cause: error });
  });
  const inputName = session.inputNames[0] as string;
  const outputName = session.outputNames[0] as string;
  return {
    numClasses,
    inputShape,
    metadata,
    async predict(batch: ImageBatch): Promise<Float32Array> {
      checkBatch('onnxPredictor.predict', batch, inputShape);
      const x = new ort.Tensor('float32', scaled(batch.pixels), [batch.size, ...inputShape]);
      const out = await session.run({ [inputName]: x });
      const y = out[outputName];
      if (y === undefined) throw new ModelIOError(`Error running ${file}: no output ${outputName}`, file);
      return Float32Array.from(y.data as Float32Array);
    },
    dispose(): void {
      void session.release().catch(() => undefined);
    },
  };
}

interface ModelJsonHeader {
  format?: string;
  userDefinedMetadata?: { medimg?: ModelMetadata; medimgGraph?: FrozenGraphInfo };
}

/** Runs a tfjs GraphModel directory (from `freeze`) on core ImageBatches with the active tfjs backend. */
export async function graphModelPredictor(dir: string): Promise<BatchPredictor> {
  const path = join(dir, 'model.json');
  let header: ModelJsonHeader;
  try {
    header = JSON.parse(await readFile(path, 'utf8')) as ModelJsonHeader;
  } catch (error) {
    throw new ModelIOError(`Error reading ${path}: ${(error as Error).message}. Fix: pass a directory written by \`medimg freeze\`.`, path, { cause: error });
  }
  if (header.format !== 'graph-model') {
    throw new ModelIOError(`Error loading ${dir}: it is not a GraphModel (format ${JSON.stringify(header.format)}). Fix: freeze it with \`medimg freeze --model ${dir} --out DIR\`, or load it as a LayersModel.`, dir);
  }
  const metadata = modelCardOfModelJson(header, path);
  const frozen = header.userDefinedMetadata?.medimgGraph;
  const model = await loadGraphModelDir(dir);
  const outputName = frozen?.outputName;
  const declared = model.inputs[0]?.shape?.slice(1);
  const inputShape = (frozen?.inputShape ?? declared) as [number, number, number] | undefined;
  if (inputShape === undefined || inputShape.length !== 3 || inputShape.some((d) => !(d > 0))) {
    model.dispose();
    throw new ModelIOError(`Error loading ${dir}: the graph input has no fixed [H, W, C] shape. Fix: freeze it with \`medimg freeze\`.`, dir);
  }
  const run = (x: tf.Tensor): tf.Tensor => (outputName === undefined ? (model.predict(x) as tf.Tensor) : (model.execute(x, outputName) as tf.Tensor));
  let numClasses = frozen?.outputShape[frozen.outputShape.length - 1];
  if (numClasses === undefined) {
    const probe = tf.tidy(() => run(tf.zeros([1, ...inputShape])));
    numClasses = probe.shape[probe.shape.length - 1] as number;
    probe.dispose();
  }
  return {
    numClasses,
    inputShape,
    metadata,
    async predict(batch: ImageBatch): Promise<Float32Array> {
      checkBatch('graphModelPredictor.predict', batch, inputShape);
      const out = tf.tidy(() => run(tf.tensor4d(scaled(batch.pixels), [batch.size, ...inputShape])));
      try {
        return Float32Array.from((await out.data()) as Float32Array);
      } finally {
        out.dispose();
      }
    },
    dispose(): void {
      model.dispose();
    },
  };
}
