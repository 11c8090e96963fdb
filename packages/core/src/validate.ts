import { ValidationError } from './errors/validation-error';

/**
 * Collects option problems and throws one ValidationError listing all of them.
 * Usage: `const v = new OptionChecker('train'); v.int('epochs', o.epochs, 1); v.done();`
 */
export class OptionChecker {
  private readonly problems: string[] = [];
  constructor(private readonly where: string) {}

  check(ok: boolean, problem: string): void {
    if (!ok) this.problems.push(problem);
  }

  number(name: string, value: unknown, min = -Infinity, max = Infinity): void {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      this.problems.push(`${name} must be a number in [${min}, ${max}]; got ${JSON.stringify(value)}`);
    }
  }

  int(name: string, value: unknown, min = -Infinity, max = Infinity): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer in [${min}, ${max}]; got ${JSON.stringify(value)}`);
    }
  }

  oneOf<T extends string | number>(name: string, value: unknown, allowed: readonly T[]): void {
    if (!(allowed as readonly unknown[]).includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
    }
  }

  string(name: string, value: unknown): void {
    if (typeof value !== 'string' || value.length === 0) this.problems.push(`${name} must be a non-empty string; got ${JSON.stringify(value)}`);
  }

  done(): void {
    if (this.problems.length > 0) throw new ValidationError(this.where, this.problems);
  }
}
