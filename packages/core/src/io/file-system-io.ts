import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-write';
import { ModelIOError } from '../errors/model-io-error';

/** Name of the JSON file every model directory holds. */
export const MODEL_JSON = 'model.json';

function joinWeights(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

/**
 * A tfjs `IOHandler` that saves to and loads from a directory on the local file system, on any backend.
 * Weights go to `weights-<sha256 prefix>.bin` (written atomically first), then `model.json` is
 * replaced atomically: a run killed at any moment leaves the previous model or the new one, never a mix.
 * Works for LayersModels and GraphModels alike.
 */
export function fileSystemIO(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const weights = joinWeights(artifacts.weightData);
      const weightsFile = `weights-${createHash('sha256').update(weights).digest('hex').slice(0, 16)}.bin`;
      await writeFileAtomic(join(dir, weightsFile), weights);
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
        weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs ?? [] }],
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
      };
      if (artifacts.trainingConfig !== undefined) json.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata !== undefined) json.userDefinedMetadata = artifacts.userDefinedMetadata;
      if (artifacts.signature !== undefined) json.signature = artifacts.signature;
      if (artifacts.modelInitializer !== undefined) json.modelInitializer = artifacts.modelInitializer;
      await writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(json));
      for (const name of await readdir(dir)) {
        if (/^weights-[0-9a-f]{16}\.bin$/.test(name) && name !== weightsFile) await rm(join(dir, name), { force: true });
      }
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(json.modelTopology).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
          weightDataBytes: weights.byteLength,
        },
      };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = join(dir, MODEL_JSON);
      const info = await stat(dir).catch(() => undefined);
      if (info === undefined || !info.isDirectory()) {
        throw new ModelIOError(
          `Error loading model: ${dir} is not a directory. Fix: pass the directory that holds ${MODEL_JSON} (the --out of \`medimg train\`).`,
          dir,
        );
      }
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
      } catch (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        throw new ModelIOError(
          missing
            ? `Error loading model: ${jsonPath} does not exist. Fix: pass a model directory written by \`medimg train\` or \`medimg freeze\`.`
            : `Error loading model: ${jsonPath} is not valid JSON (${(error as Error).message}). Fix: re-save or retrain the model.`,
          jsonPath,
          { cause: error },
        );
      }
      if (json.modelTopology === undefined || !Array.isArray(json.weightsManifest)) {
        throw new ModelIOError(`Error loading model: ${jsonPath} has no modelTopology/weightsManifest. Fix: it is not a tfjs model; re-export it.`, jsonPath);
      }
      const specs: tf.io.WeightsManifestEntry[] = [];
      const parts: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) {
          const file = join(dir, p);
          try {
            parts.push(await readFile(file));
          } catch (error) {
            throw new ModelIOError(`Error loading model: weights file ${file} is missing or unreadable. Fix: copy the whole model directory.`, file, { cause: error });
          }
        }
      }
      const total = parts.reduce((n, p) => n + p.byteLength, 0);
      const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * bytesPerElement(s), 0);
      if (total !== expected) {
        throw new ModelIOError(
          `Error loading model: weights in ${dir} hold ${total} bytes but model.json describes ${expected}. Fix: the model is truncated or corrupt; re-save it.`,
          dir,
        );
      }
      const weightData = new Uint8Array(total);
      let offset = 0;
      for (const p of parts) {
        weightData.set(p, offset);
        offset += p.byteLength;
      }
      const artifacts: tf.io.ModelArtifacts = {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData: weightData.buffer,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
      };
      if (json.trainingConfig !== undefined) artifacts.trainingConfig = json.trainingConfig;
      if (json.userDefinedMetadata !== undefined) artifacts.userDefinedMetadata = json.userDefinedMetadata;
      if (json.signature !== undefined) artifacts.signature = json.signature;
      if (json.modelInitializer !== undefined) artifacts.modelInitializer = json.modelInitializer;
      return artifacts;
    },
  };
}

function bytesPerElement(spec: tf.io.WeightsManifestEntry): number {
  if (spec.quantization !== undefined) {
    const q = spec.quantization.dtype;
    return q === 'float16' || q === 'uint16' ? 2 : 1;
  }
  return spec.dtype === 'bool' ? 1 : 4;
}
