import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadGraphModelDir, MODEL_JSON, ModelIOError, modelCardOfModelJson, modelInputTensor, type ImageBatch, type Predictor } from '@medimg/core';
import { checkShapeAgainstCard } from '../check-batch';
import { makePredictor } from '../make-predictor';
import type { PredictorEngine } from '../types';

export const TFJS_GRAPH = 'tfjs-graph';

interface GraphModelJson {
  format?: string;
  userDefinedMetadata?: { medimg?: unknown; medimgGraph?: { outputName?: string; inputShape?: number[]; outputShape?: number[] } };
}

/** Runs GraphModel directories (from `medimg freeze`) on the active tfjs backend. */
export const tfjsGraphEngine: PredictorEngine = {
  kinds: ['graph-model'],
  async load({ path: dir }): Promise<Predictor> {
    const path = join(dir, MODEL_JSON);
    let header: GraphModelJson;
    try {
      header = JSON.parse(await readFile(path, 'utf8')) as GraphModelJson;
    } catch (error) {
      throw new ModelIOError(`Error reading ${path}: ${(error as Error).message}. Fix: pass a directory written by \`medimg freeze\`.`, path, { cause: error });
    }
    if (header.format !== 'graph-model') {
      throw new ModelIOError(`Error loading ${dir}: it is not a GraphModel (format ${JSON.stringify(header.format)}). Fix: freeze it with \`medimg freeze --model ${dir} --out DIR\`, or load it with the tfjs-layers engine.`, dir);
    }
    const card = modelCardOfModelJson(header, path);
    if (card === null) throw new ModelIOError(`Error reading ${path}: it has no medimg model card. Fix: freeze it with \`medimg freeze\` from a trained model directory.`, path);
    const frozen = header.userDefinedMetadata?.medimgGraph;
    const model = await loadGraphModelDir(dir);
    const declared = (frozen?.inputShape ?? model.inputs[0]?.shape?.slice(1) ?? []) as number[];
    try {
      checkShapeAgainstCard('tfjs-graph predictor', dir, declared, card);
    } catch (error) {
      model.dispose();
      throw error;
    }
    const outputName = frozen?.outputName;
    const run = (x: tf.Tensor): tf.Tensor => {
      const y = outputName === undefined ? model.execute(x) : model.execute(x, outputName);
      return Array.isArray(y) ? (y[0] as tf.Tensor) : y;
    };
    const inputShape = card.inputShape;
    let numClasses = frozen?.outputShape?.[frozen.outputShape.length - 1];
    if (numClasses === undefined) {
      const probe = tf.tidy(() => run(tf.zeros([1, ...inputShape])));
      numClasses = probe.shape[probe.shape.length - 1] as number;
      probe.dispose();
    }
    const scale = card.preprocessing.scale;
    return makePredictor({
      card,
      numClasses,
      engine: TFJS_GRAPH,
      async run(batch: ImageBatch): Promise<Float32Array> {
        const out = tf.tidy(() => run(modelInputTensor(batch, scale)));
        try {
          return new Float32Array(await out.data());
        } finally {
          out.dispose();
        }
      },
      dispose: () => model.dispose(),
    });
  },
};
