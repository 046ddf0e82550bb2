/**
 * The building blocks of the hand-written message decoders. They follow zod's rules for the
 * schemas in shared/src/messages.ts (strict objects, optional keys absent or undefined), so
 * decode-messages.test.ts can require both to give the same verdict on the same corpus.
 */
export type Obj = Record<string, unknown>;

export const isObject = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Strict object: exactly these keys (an optional key may be absent or undefined). */
export function shape(x: unknown, fields: Record<string, (value: unknown) => boolean>, optional: readonly string[] = []): boolean {
  if (!isObject(x)) return false;
  // Own keys of `fields` only: with `in`, toString/constructor (inherited by every object) passed.
  for (const key of Object.keys(x)) if (!Object.hasOwn(fields, key)) return false;
  return Object.entries(fields).every(([key, check]) => (optional.includes(key) && x[key] === undefined) || check(x[key]));
}

export const text = (max: number) => (x: unknown) => typeof x === 'string' && x.length <= max;
export const bool = (x: unknown) => typeof x === 'boolean';
export const int = (min: number, max: number) => (x: unknown) => Number.isSafeInteger(x) && (x as number) >= min && (x as number) <= max;
export const oneOf = (values: readonly unknown[]) => (x: unknown) => values.includes(x);

/** `{v: 1, kind, payload}` with a known kind whose payload passes its check. */
export function envelope<M>(data: unknown, payloads: Record<string, (p: Obj) => boolean>): M | null {
  if (!shape(data, { v: (v) => v === 1, kind: (k) => typeof k === 'string' && Object.hasOwn(payloads, k), payload: isObject })) return null;
  const m = data as Obj;
  return payloads[m.kind as string]!(m.payload as Obj) ? (m as M) : null;
}
