import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@medimg/core/testing';
import { decodeModel } from '@medimg/onnx';
import { createOrtSession } from '@medimg/runtime';

/** Node op types of the graph onnxruntime actually runs, after its 'extended' (QDQ) fusions (tests only). */
export async function optimizedOpTypes(bytes: Uint8Array): Promise<string[]> {
  const file = join(await tempDir('quantize-optimized'), 'optimized.onnx');
  const s = await createOrtSession(bytes, { optimizedModelFile: file, level: 'extended' });
  await s.release();
  return decodeModel(new Uint8Array(await readFile(file))).graph.node.map((n) => n.opType);
}
