import { readFile } from 'node:fs/promises';
import { ModelIOError, ValidationError } from '@medimg/core';
import { decodeModel, type OnnxModel } from '@medimg/onnx';

/** Decodes the FP32 model given as an object, bytes or a file path; checks it is one quantize can work on. */
export async function loadOnnxModel(model: OnnxModel | Uint8Array | string): Promise<OnnxModel> {
  let decoded: OnnxModel;
  const where = typeof model === 'string' ? `ONNX file ${model}` : 'the ONNX model';
  if (typeof model === 'string' || model instanceof Uint8Array) {
    let bytes: Uint8Array;
    try {
      bytes = typeof model === 'string' ? new Uint8Array(await readFile(model)) : model;
    } catch (error) {
      throw new ModelIOError(`Error in quantize: cannot read ${where} (${(error as Error).message}). Fix: pass the path of an FP32 .onnx file (medimg export-onnx writes one)`, String(model), { cause: error });
    }
    try {
      decoded = decodeModel(bytes);
    } catch (error) {
      throw new ModelIOError(`Error in quantize: ${where} is not a valid ONNX protobuf (${(error as Error).message}). Fix: re-export it with medimg export-onnx`, typeof model === 'string' ? model : '(bytes)', { cause: error });
    }
  } else decoded = model;
  const problems: string[] = [];
  const opset = decoded.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? 0;
  if (opset < 13) problems.push(`${where} has opset ${opset}; per-channel QDQ needs opset >= 13. Fix: re-export with opset 13 or newer`);
  const inputs = decoded.graph.input.filter((v) => !decoded.graph.initializer.some((t) => t.name === v.name));
  if (inputs.length !== 1) problems.push(`${where} has ${inputs.length} inputs; quantize expects one image input`);
  // The first output is the probabilities the accuracy guard scores; others (e.g. the `cam` maps) are carried along.
  if (decoded.graph.output.length === 0) problems.push(`${where} has no outputs; quantize expects the probabilities as the first output`);
  if (decoded.graph.node.some((n) => n.opType === 'QuantizeLinear' || n.opType === 'DequantizeLinear' || n.opType.startsWith('QLinear'))) problems.push(`${where} is already quantized. Fix: pass the FP32 model`);
  if (problems.length > 0) throw new ValidationError('quantize', problems);
  return decoded;
}
