import { basename } from 'node:path';
import { inspectDataset } from './inspect-dataset';
import { readImageHeader } from './image-header';
import { messyDataset } from './spec-helpers';
import { readFile } from 'node:fs/promises';

describe('inspectDataset', () => {
  it('counts per split and class, names stray/corrupt files and finds duplicates', async () => {
    const fx = await messyDataset(8, 40);
    const r = await inspectDataset({ dataDir: fx.root });
    expect(r.layout).toBe('splits');
    expect(r.classNames).toEqual(['NORMAL', 'PNEUMONIA']);
    expect(r.splits.train?.counts).toEqual({ NORMAL: 9, PNEUMONIA: 8 });
    expect(r.splits.test?.counts).toEqual({ NORMAL: 2, PNEUMONIA: 2 });
    const skipped = new Map((r.splits.train?.skipped ?? []).map((s) => [basename(s.path), s.reason]));
    expect([...skipped.keys()].sort()).toEqual(['.DS_Store', basename(fx.garbage), basename(fx.truncated), 'notes.txt'].sort());
    expect(skipped.get(basename(fx.truncated))).toMatch(/truncated/);
    expect(r.skippedCount).toBe(4);
    expect(r.duplicates.groups).toBe(1);
    expect(r.duplicates.extraCopies).toBe(1);
    expect(r.imageSize).toEqual({ minWidth: 40, maxWidth: 40, minHeight: 40, maxHeight: 40 });
    expect(r.totalImages).toBe(21);
    expect(r.formats).toEqual({ jpeg: 21 });
  });

  it('reads JPEG and PNG headers without decoding', async () => {
    const fx = await messyDataset(2, 33);
    const h = readImageHeader(await readFile(fx.original));
    expect(h).toEqual({ format: 'jpeg', width: 33, height: 33, channels: 3 });
    expect(readImageHeader(Buffer.from('nope'))).toBeNull();
  });
});
