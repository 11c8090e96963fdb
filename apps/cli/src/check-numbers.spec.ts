import { buildCli } from './build-cli';
import { nanFlagProblems } from './check-numbers';

describe('numeric flags', () => {
  it('names each flag that is not a number and what was typed', () => {
    expect(nanFlagProblems({ lr: NaN, 'batch-size': NaN, batchSize: NaN, epochs: 3, _: [], $0: 'medimg' }, ['train', '--lr', 'abc', '--batch-size=big', '--epochs', '3'])).toEqual([
      '--lr must be a number; got "abc"',
      '--batch-size must be a number; got "big"',
    ]);
    expect(nanFlagProblems({ lr: 0.1 }, ['--lr', '0.1'])).toEqual([]);
  });

  it('makes the CLI refuse them with usage exit code 2 before the command runs', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('exit');
    }) as never);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const args = ['train', '--data-dir', '/nonexistent', '--out', '/nonexistent/run', '--lr', 'abc', '--epochs', '-1'];
    await expect(Promise.resolve().then(() => buildCli(args).parseAsync())).rejects.toThrow('exit');
    expect(exit).toHaveBeenCalledWith(2);
    const printed = stderr.mock.calls.map((c) => String(c[0])).join('');
    expect(printed).toMatch(/--lr must be a number; got "abc"/);
    exit.mockRestore();
    stderr.mockRestore();
  });
});
