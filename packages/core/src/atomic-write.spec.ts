import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendLineDurable, writeFileAtomic } from './atomic-write';

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp files behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medimg-atomic-'));
    const file = join(dir, 'sub', 'result.json');
    await writeFileAtomic(file, '{"a":1}');
    await writeFileAtomic(file, '{"a":2}');
    expect(await readFile(file, 'utf8')).toBe('{"a":2}');
    expect(await readdir(join(dir, 'sub'))).toEqual(['result.json']);
  });

  it('appends durable JSON lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medimg-append-'));
    const file = join(dir, 'log.jsonl');
    await writeFile(file, '');
    await appendLineDurable(file, '{"epoch":1}');
    await appendLineDurable(file, '{"epoch":2}\n');
    expect((await readFile(file, 'utf8')).split('\n')).toEqual(['{"epoch":1}', '{"epoch":2}', '']);
  });
});
