import { DataError, isDataError } from './data-error';
import { isMedimgError, MedimgError } from './medimg-error';
import { isModelIOError, ModelIOError } from './model-io-error';
import { isValidationError, ValidationError } from './validation-error';

describe('error guards', () => {
  it('recognise each class and reject the others', () => {
    const v = new ValidationError('train', ['epochs must be an integer in [1, Infinity]; got 0', 'lr must be a number']);
    expect(v.message).toBe('Error in train: \n  - epochs must be an integer in [1, Infinity]; got 0\n  - lr must be a number');
    expect([isMedimgError(v), isValidationError(v), isDataError(v), isModelIOError(v)]).toEqual([true, true, false, false]);
    const d = new DataError('missing folder', '/x');
    expect([isValidationError(d), isDataError(d)]).toEqual([false, true]);
    expect(isModelIOError(new ModelIOError('bad', '/m'))).toBe(true);
    expect(isMedimgError(new Error('plain'))).toBe(false);
    expect(isMedimgError(null)).toBe(false);
  });

  it('recognise errors from another copy of the package (ESM vs CJS build), where instanceof fails', () => {
    // A structurally separate class, as a second copy of @medimg/core would define it.
    const Brand = Symbol.for('@medimg/core/MedimgError');
    class OtherCopyError extends Error {
      readonly code = 'E_VALIDATION';
      constructor() {
        super('from the other copy');
        Object.defineProperty(this, Brand, { value: true });
      }
    }
    const e = new OtherCopyError();
    expect(e instanceof MedimgError).toBe(false);
    expect(isMedimgError(e)).toBe(true);
    expect(isValidationError(e)).toBe(true);
    expect(isDataError(e)).toBe(false);
  });
});
