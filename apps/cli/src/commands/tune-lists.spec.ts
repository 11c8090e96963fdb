import { parseNumberList } from './tune-lists';

describe('tune list options', () => {
  it('parses comma-separated numbers', () => {
    expect(parseNumberList('--lr', '0.001, 0.01,')).toEqual([0.001, 0.01]);
    expect(parseNumberList('--batch-size', '10')).toEqual([10]);
  });
  it('names the option and the fix on bad input', () => {
    expect(() => parseNumberList('--lr', '0.001,abc')).toThrow(/--lr must be comma-separated numbers .*"0.001,abc"/);
    expect(() => parseNumberList('--lr', ',')).toThrow(/--lr/);
  });
});
