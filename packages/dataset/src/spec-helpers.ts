import { copyFile, readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@medimg/core/testing';
import { generateSyntheticXrays } from './synthetic/generate-synthetic';

// A temp folder (tests only), removed after the spec file.
export { tempDir };

/**
 * A synthetic chest_xray tree with the mess real folders have: a stray .DS_Store, a text file, a truncated JPEG,
 * a non-image with an image extension, and a byte-identical duplicate. Returns the root and the messy files.
 */
export async function messyDataset(perClass = 40, size = 64): Promise<{ root: string; truncated: string; garbage: string; text: string; duplicate: string; original: string }> {
  const root = await tempDir('data');
  await generateSyntheticXrays({ outDir: root, perClass, size, seed: 7, splits: { val: 0 } });
  const normal = join(root, 'train', 'NORMAL');
  const first = (await readdir(normal)).sort()[0] as string;
  const original = join(normal, first);
  const bytes = await readFile(original);
  const truncated = join(normal, 'IM-9999-0001.jpeg');
  await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const garbage = join(root, 'train', 'PNEUMONIA', 'person9999_virus_1.png');
  await writeFile(garbage, Buffer.from('this is not a png at all, just text pretending'));
  const text = join(normal, 'notes.txt');
  await writeFile(text, 'radiologist notes');
  await writeFile(join(root, 'train', '.DS_Store'), Buffer.from([0, 0, 0, 1, 66, 117, 100, 49]));
  const duplicate = join(normal, 'IM-9998-0001.jpeg');
  await copyFile(original, duplicate);
  await mkdir(join(root, 'test', 'NORMAL'), { recursive: true });
  return { root, truncated, garbage, text, duplicate, original };
}

/** Mean absolute difference of two byte arrays, in units of 1/255. */
export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] as number) - (b[i] as number));
  return s / a.length;
}
