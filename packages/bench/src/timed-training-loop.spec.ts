import { createMemoryLogger } from '@medimg/core';
import { timedTrainingLoop } from './timed-training-loop';

describe('timedTrainingLoop', () => {
  it('times only the steps after warm-up and the forward passes after the first, and turns them into rates', async () => {
    let now = 0;
    const calls: string[] = [];
    let stepNo = 0;
    const steps: Array<[number, number]> = [];
    const r = await timedTrainingLoop({
      batchSize: 4, steps: 3, warmupSteps: 2, forwardSteps: 2,
      // step k takes 10 * k ms of clock time and returns loss 1 / k; a forward pass takes 5 ms
      step: async () => {
        stepNo++;
        calls.push(`step${stepNo}`);
        now += 10 * stepNo;
        return 1 / stepNo;
      },
      forward: () => {
        calls.push('make-forward');
        return () => {
          calls.push('forward');
          now += 5;
        };
      },
      afterForward: () => calls.push('sample'),
      clock: () => now,
      logger: createMemoryLogger(),
      onStep: (s, ms) => steps.push([s, ms]),
    });
    expect(calls).toEqual(['step1', 'step2', 'step3', 'step4', 'step5', 'make-forward', 'forward', 'forward', 'sample', 'forward', 'sample']);
    expect(steps).toEqual([[1, 30], [2, 40], [3, 50]]); // warm-up steps 1 and 2 are not timed
    expect(r.stepMs.count).toBe(3);
    expect(r.stepMs.mean).toBeCloseTo(40, 9);
    expect(r.trainImagesPerSecond).toBeCloseTo((4 * 3) / 0.12, 9);
    expect(r.forwardMs?.count).toBe(2);
    expect(r.forwardImagesPerSecond).toBeCloseTo((4 * 2) / 0.01, 9);
    expect(r.loss).toEqual({ first: 1 / 3, last: 1 / 5 });
  });

  it('makes no forward pass when forwardSteps is 0', async () => {
    let made = 0;
    const r = await timedTrainingLoop({
      batchSize: 2, steps: 1, warmupSteps: 0, forwardSteps: 0, step: () => 0.5,
      forward: () => {
        made++;
        return () => undefined;
      },
      afterForward: () => undefined, clock: () => 0, logger: createMemoryLogger(),
    });
    expect(made).toBe(0);
    expect(r.forwardMs).toBeNull();
    expect(r.forwardImagesPerSecond).toBeNull();
    expect(r.loss).toEqual({ first: 0.5, last: 0.5 });
  });
});
