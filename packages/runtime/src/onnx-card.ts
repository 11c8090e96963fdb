import { readFileSync } from 'node:fs';
import { ModelIOError, modelCardFromMetadataProps, type ModelCard } from '@medimg/core';
import { decodeModelInfo, type OnnxModelInfo } from '@medimg/onnx';

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

/** The model card stored in an .onnx file (metadata_props `medimg`); throws naming the file when it has none. */
export function readOnnxCard(file: string, info: OnnxModelInfo = readOnnxInfo(file)): ModelCard {
  const card = modelCardFromMetadataProps(info.metadataProps, file);
  if (card === null) {
    throw new ModelIOError(`Error reading ${file}: it has no medimg model card (class names, preprocessing, threshold). Fix: export it with \`medimg export-onnx --model DIR\` from a trained model directory.`, file);
  }
  return card;
}
