import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Jimp } from 'jimp';
import { medimg } from '../bad-input/cli-run';
import { cliSchema } from './cli-schema';

async function sideOf(dir: string): Promise<number> {
  const cls = join(dir, 'train', 'NORMAL');
  const first = (await readdir(cls))[0] as string;
  return (await Jimp.read(join(cls, first))).bitmap.width;
}

describe('medimg --config', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'medimg-config-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('derives one schema from the yargs definitions: every flag of every command, with types and choices', () => {
    const schema = cliSchema();
    expect(Object.keys(schema.commands)).toEqual(expect.arrayContaining(['train', 'evaluate', 'predict', 'pipeline', 'tune', 'quantize', 'data synth', 'data inspect', 'data relabel', 'config print']));
    expect(schema.commands['train']?.['image-size']).toEqual({ type: 'number', array: false });
    expect(schema.commands['train']?.['schedule']).toEqual({ type: 'string', array: false, choices: ['plateau', 'cosine', 'none'], default: 'plateau' });
    expect(schema.commands['train']?.['channels']?.choices).toEqual([1, 3]);
    expect(schema.commands['predict']?.['images']).toBeUndefined(); // positional, not a flag
    expect(schema.global['quiet']?.type).toBe('boolean');
  });

  it('merges the file under explicit flags (kebab-case and camelCase keys, per-command sections) and records the sources', async () => {
    const file = join(dir, 'a.json');
    await writeFile(file, JSON.stringify({ seed: 3, size: 24, data: { synth: { perClass: 2 } }, train: { epochs: 9 } }));
    const out1 = join(dir, 's1');
    const r1 = await medimg(['data', 'synth', '--out', out1, '--config', file, '--json']);
    expect(r1.code).toBe(0);
    expect((JSON.parse(r1.out) as { counts: { train: Record<string, number> } }).counts.train).toEqual({ NORMAL: 2, PNEUMONIA: 2 });
    expect(await sideOf(out1)).toBe(24);
    const out2 = join(dir, 's2');
    await medimg(['data', 'synth', '--out', out2, '--config', file, '--size', '20', '--json']);
    expect(await sideOf(out2)).toBe(20); // the explicit flag wins over the file
    const printed = JSON.parse((await medimg(['config', 'print', '--command', 'train', '--config', file])).out) as { options: Record<string, unknown>; sources: Record<string, string> };
    expect(printed.options).toMatchObject({ seed: 3, epochs: 9, schedule: 'plateau' });
    expect(printed.sources).toMatchObject({ seed: 'config', epochs: 'config', schedule: 'default' });
    expect(printed.options['size']).toBeUndefined(); // train has no --size: a top-level key applies only where the flag exists
  });

  it('finds ./medimg.config.json in the working directory', async () => {
    const cwd = process.cwd();
    const here = join(dir, 'cwd');
    await medimg(['data', 'synth', '--out', join(here, 'unused'), '--per-class', '1', '--size', '16']);
    await writeFile(join(here, 'medimg.config.json'), JSON.stringify({ data: { synth: { 'per-class': 1, size: 18 } } }));
    process.chdir(here);
    try {
      await medimg(['data', 'synth', '--out', join(here, 'x')]);
      expect(await sideOf(join(here, 'x'))).toBe(18);
      const printed = JSON.parse((await medimg(['config', 'print'])).out) as { configFile: string; commands: Record<string, unknown> };
      expect(printed.configFile).toBe(join(here, 'medimg.config.json'));
      expect(printed.commands['data synth']).toEqual({ 'per-class': 1, size: 18 });
    } finally {
      process.chdir(cwd);
    }
  });

  it('rejects a bad file with exit code 2, naming every bad key, before anything runs', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ imageSize: '224', train: { epochz: 3, schedule: 'linear' }, data: { sinth: {} }, colour: 1 }));
    const out = join(dir, 'never');
    const r = await medimg(['data', 'synth', '--out', out, '--config', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`Error in config ${file}`);
    expect(r.err).toMatch(/imageSize must be a number; got "224"/);
    expect(r.err).toMatch(/train\.epochz is not a flag of medimg train/);
    expect(r.err).toMatch(/train\.schedule must be one of "plateau", "cosine", "none"; got "linear"/);
    expect(r.err).toMatch(/data\.sinth is not a command/);
    expect(r.err).toMatch(/colour is not a flag of any medimg command/);
    await expect(readdir(out)).rejects.toThrow(); // nothing was generated
    await writeFile(file, '{ "seed": 1, }');
    const json = await medimg(['data', 'synth', '--out', out, '--config', file]);
    expect(json.code).toBe(2);
    expect(json.err).toMatch(/is not valid JSON.*Fix: correct the file/);
    const missing = await medimg(['data', 'synth', '--out', out, '--config', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.json does not exist/);
  });

  it('train writes the effective configuration into the run directory', async () => {
    const data = join(dir, 'd');
    await medimg(['data', 'synth', '--out', data, '--per-class', '6', '--size', '32', '--seed', '2']);
    const file = join(dir, 't.json');
    await writeFile(file, JSON.stringify({ train: { 'image-size': 32, epochs: 1, 'batch-size': 4, patience: 0, augment: false } }));
    const runDir = join(dir, 'run');
    const r = await medimg(['train', '--data-dir', data, '--out', runDir, '--config', file, '--backend', 'wasm', '--lr', '0.01', '--quiet']);
    expect(r.code).toBe(0);
    const recorded = JSON.parse(await readFile(join(runDir, 'config.json'), 'utf8')) as { command: string; configFile: string; options: Record<string, unknown>; sources: Record<string, string> };
    expect(recorded.command).toBe('train');
    expect(recorded.configFile).toBe(file);
    expect(recorded.options).toMatchObject({ 'image-size': 32, epochs: 1, 'batch-size': 4, lr: 0.01, augment: false, 'data-dir': data });
    expect(recorded.sources).toMatchObject({ 'image-size': 'config', lr: 'flag', seed: 'default' });
  }, 60_000);
});
