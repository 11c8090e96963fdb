import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { medimg } from '../bad-input/cli-run';

/** What `medimg ARGV` printed on stdout (it must exit 0). */
async function run(argv: string[]): Promise<string> {
  const r = await medimg(argv);
  expect([argv.join(' '), r.code]).toEqual([argv.join(' '), 0]);
  return r.out;
}

describe('medimg data', () => {
  it('synth writes a tree that inspect --json counts, naming a stray file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medimg-cli-data-'));
    const synth = JSON.parse(await run(['data', 'synth', '--out', dir, '--per-class', '6', '--size', '32', '--json'])) as { files: number };
    expect(synth.files).toBe(6 * 2 + 2 * 2 + 2 * 2);
    await writeFile(join(dir, 'train', '.DS_Store'), 'x');
    const report = JSON.parse(await run(['data', 'inspect', '--data-dir', dir, '--json'])) as {
      splits: { train: { counts: Record<string, number>; skipped: { path: string }[] } };
      totalImages: number;
    };
    expect(report.splits.train.counts).toEqual({ NORMAL: 6, PNEUMONIA: 6 });
    expect(report.splits.train.skipped.map((s) => s.path)).toEqual([join('train', '.DS_Store')]);
    expect(report.totalImages).toBe(20);
    const text = await run(['data', 'inspect', '--data-dir', dir]);
    expect(text).toMatch(/train: NORMAL 6, PNEUMONIA 6 \(12 images\)/);
  });

  it('synth --classes 3 then relabel by file name gives back the three classes from a two-folder tree', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medimg-cli-data3-'));
    const synth = JSON.parse(await run(['data', 'synth', '--out', join(dir, 's'), '--classes', '3', '--per-class', '4', '--size', '16', '--json'])) as { counts: { train: Record<string, number> } };
    expect(synth.counts.train).toEqual({ NORMAL: 4, BACTERIA: 4, VIRUS: 4 });
    const relabel = JSON.parse(await run(['data', 'relabel', '--data-dir', join(dir, 's'), '--by-filename', 'virus=V', '--out', join(dir, 'r'), '--json'])) as { counts: { train: Record<string, number> } };
    expect(relabel.counts.train).toEqual({ NORMAL: 4, BACTERIA: 4, V: 4 });
  });
});
