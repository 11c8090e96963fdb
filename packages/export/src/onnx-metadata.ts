import { ModelIOError, modelCardFromMetadataProps, type ModelMetadata } from '@medimg/core';
import { decodeModelInfo, type OnnxModelInfo } from '@medimg/onnx';
import { readFileSync } from 'node:fs';

/** Reads the header of an .onnx file (metadata, inputs, outputs) without decoding its weights. */
export function readOnnxInfo(file: string): OnnxModelInfo {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ModelIOError(`Error reading ${file}: ${(error as Error).message}. Fix: pass an .onnx file written by \`medimg export-onnx\`.`, file, { cause: error });
  }
  try {
    return decodeModelInfo(bytes);
  } catch (error) {
    throw new ModelIOError(`Error reading ${file}: not a valid ONNX model (${(error as Error).message}). Fix: re-export it with \`medimg export-onnx\`.`, file, { cause: error });
  }
}

/** The model card stored in metadata_props, or null when the model has none. */
export function onnxMetadataOf(info: OnnxModelInfo, file: string): ModelMetadata | null {
  return modelCardFromMetadataProps(info.metadataProps, file);
}

/** The class names and preprocessing stored in an .onnx file by `exportOnnx` / `toOnnx` (metadata_props `medimg`). */
export function readOnnxMetadata(file: string): ModelMetadata {
  const meta = onnxMetadataOf(readOnnxInfo(file), file);
  if (meta === null) {
    throw new ModelIOError(`Error reading ${file}: it has no medimg metadata (class names, preprocessing). Fix: export it with \`medimg export-onnx --model DIR\` from a trained model directory.`, file);
  }
  return meta;
}
