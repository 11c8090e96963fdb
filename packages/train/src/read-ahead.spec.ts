import { readAhead } from './read-ahead';

describe('readAhead', () => {
  it('yields every item in order and has asked for the next one before the consumer gets the current one', async () => {
    const asked: number[] = [];
    async function* source(): AsyncGenerator<number> {
      for (let i = 0; i < 4; i++) {
        asked.push(i);
        yield i;
      }
    }
    const seen: [number, number][] = [];
    for await (const x of readAhead(source())) {
      await new Promise((r) => setImmediate(r));
      seen.push([x, asked.length]);
    }
    expect(seen).toEqual([[0, 2], [1, 3], [2, 4], [3, 4]]);
  });

  it('passes a failure of the source to the consumer', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('bad image');
    }
    const got: number[] = [];
    await expect((async () => {
      for await (const x of readAhead(failing())) got.push(x);
    })()).rejects.toThrow('bad image');
    expect(got).toEqual([1]);
  });
});
