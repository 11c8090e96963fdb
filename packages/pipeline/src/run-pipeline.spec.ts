import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticXrays } from '@medimg/dataset';
import { runPipeline } from './run-pipeline';

describe('runPipeline on a dataset folder', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'medimg-pipeline-data-'));
    await generateSyntheticXrays({ outDir: join(root, 'data'), perClass: 12, size: 32, seed: 5, splits: { train: 12, test: 0, val: 0 } });
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it("reruns the data stage and every later one when an image changes (the stamp includes the dataset's contents)", async () => {
    const options = { outDir: join(root, 'out'), dataDir: join(root, 'data'), to: 'train' as const, epochs: 1, imageSize: 32, channels: 1 as const, batchSize: 8, backend: 'wasm' as const, cacheDir: join(root, 'cache') };
    const ran = (r: Awaited<ReturnType<typeof runPipeline>>): string[] => r.stages.filter((s) => !s.skipped).map((s) => s.stage);
    expect(ran(await runPipeline(options))).toEqual(['data', 'train']);
    expect(ran(await runPipeline(options))).toEqual([]);
    const dir = join(root, 'data', 'train', 'NORMAL');
    const image = join(dir, (await readdir(dir)).sort()[0]!);
    const later = new Date(Date.now() + 60_000);
    await utimes(image, later, later); // the same name, another modification time: a replaced image
    expect(ran(await runPipeline(options))).toEqual(['data', 'train']);
  }, 300_000);
});
