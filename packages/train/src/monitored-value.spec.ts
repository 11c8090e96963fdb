import { monitoredValue } from './train';
import type { EpochRecord } from './types';

const record = (auc: number, accuracy: number, loss: number): EpochRecord => ({
  epoch: 1, loss: 0.5, lr: 1e-3, seconds: 1, imagesPerSecond: 1, warmup: false, backend: 'cpu', engine: 'tfjs', microBatchSize: 8, improved: false,
  val: { loss, accuracy, auc },
});

describe('monitoredValue', () => {
  it('orders by AUC first, then breaks ties by the lower validation loss', () => {
    const a = monitoredValue('val_auc', record(1, 0.95, 0.30));
    const b = monitoredValue('val_auc', record(1, 0.95, 0.10));
    const c = monitoredValue('val_auc', record(0.99998, 0.95, 0.01));
    expect(b).toBeLessThan(a); // same AUC, lower loss wins
    expect(a).toBeLessThan(c); // a higher AUC wins over any loss (one pair of 52k flips AUC by 1.9e-5)
    expect(monitoredValue('val_accuracy', record(1, 0.9, 0.2))).toBeLessThan(monitoredValue('val_accuracy', record(1, 0.9, 0.3)));
    expect(monitoredValue('val_loss', record(1, 0.9, 0.2))).toBe(0.2);
  });
});
