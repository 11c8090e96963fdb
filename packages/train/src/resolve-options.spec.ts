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
    expect(() => validateTrainSettings({ outDir: 'run', mixup: 0.2, swaStart: 6, epochs: 10 })).not.toThrow();
    expect(() => validateTrainSettings({ outDir: 'run', mixup: -1 })).toThrow(/mixup must be 0 \(off\) or a Beta\(alpha, alpha\) alpha in \(0, 10\].*got -1\. Fix: --mixup 0\.2/);
    expect(() => validateTrainSettings({ outDir: 'run', swaStart: 1.5 })).toThrow(/swaStart must be 0 \(off\) or the epoch.*got 1\.5/);
    expect(() => validateTrainSettings({ outDir: 'run', swaStart: 11, epochs: 10 })).toThrow(/swaStart 11 is after the last epoch \(10\).*Fix: --swa-start 6/);
    expect(() => validateTrainSettings({ outDir: 'run', swaStart: 6, ema: 0.99 })).toThrow(/ema and swaStart both average the weights.*Fix: drop --ema or --swa-start/);
  });
});
