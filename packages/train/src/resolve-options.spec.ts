import { validateTrainSettings } from './resolve-options';

describe('validateTrainSettings', () => {
  it('lists every bad setting at once, before any data is loaded', () => {
    let error: unknown;
    try {
      validateTrainSettings({ outDir: 'run', epochs: -1, lr: Number('abc'), batchSize: 2.5, architecture: 'nope' });
    } catch (e) {
      error = e;
    }
    const problems = (error as { problems: string[] }).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/architecture must be one of .*compact-cnn.*got "nope"/);
    expect(problems.join('\n')).toMatch(/epochs must be an integer in \[1, Infinity\]; got -1/);
    expect(problems.join('\n')).toMatch(/batchSize must be an integer .* got 2.5/);
    expect(problems.join('\n')).toMatch(/lr must be a number in \[1e-8, 10\]; got null/);
    expect(() => validateTrainSettings({ outDir: 'run' })).not.toThrow();
    expect(() => validateTrainSettings({ outDir: 'run', thresholdPolicy: 'sensitivity:0.95', thresholdPolicies: ['cost:5/1'] })).not.toThrow();
    expect(() => validateTrainSettings({ outDir: 'run', thresholdPolicy: 'sensitivity:2' })).toThrow(/thresholdPolicy "sensitivity:2": sensitivity needs a number in \[0, 1\]/);
  });
});
