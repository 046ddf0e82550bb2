import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A secret that refuses to print itself: logs, JSON and util.inspect all see
 * "[redacted]". Call `unwrap()` only at the point of use.
 */
export class Redacted<T> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  unwrap(): T {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
