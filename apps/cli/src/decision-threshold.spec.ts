import { createModelCard } from '@medimg/core';
import { decisionThreshold } from './decision-threshold';

const card = createModelCard({
  architecture: 'compact-cnn', classNames: ['NORMAL', 'PNEUMONIA'], positiveClass: 1, preprocessing: { imageSize: 32, channels: 1, resize: 'stretch', scale: 'unit' },
  threshold: 0.18, thresholdPolicy: { name: 'youden', on: 'validation' }, operatingPoints: { youden: 0.18, 'sensitivity:0.95': 0.07, 'specificity:0.9': 0.61 },
});

describe('decisionThreshold', () => {
  it('takes --threshold, else the stored policy, else the card decision', () => {
    expect(decisionThreshold(card, {})).toEqual({ threshold: 0.18, policy: 'youden' });
    expect(decisionThreshold(card, { policy: 'specificity:0.90' })).toEqual({ threshold: 0.61, policy: 'specificity:0.9' });
    expect(decisionThreshold(card, { threshold: 0.4, policy: 'youden' })).toEqual({ threshold: 0.4, policy: 'fixed' });
  });

  it('names the stored policies when asked for another', () => {
    expect(() => decisionThreshold(card, { policy: 'cost:5' })).toThrow(/stores no threshold for cost:5 \(it has youden, sensitivity:0.95, specificity:0.9\)/);
    expect(() => decisionThreshold(card, { policy: 'f1' })).toThrow(/unknown threshold policy "f1"/);
  });
});
