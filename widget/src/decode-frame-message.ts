import { CARD_BRANDS, type FrameMessage } from '@cim/shared';

/**
 * The element's decoder of frame messages: the same rules as the zod schema `FrameMessage` in
 * shared/src/messages.ts, hand-written because zod would double the loader's size. A test feeds
 * both the same good and bad messages and requires the same verdicts; change them together.
 * The frame checks what it posts with it too (frame/bridge.ts), before a message leaves.
 */
type Obj = Record<string, unknown>;
type Check = (p: Obj) => boolean;

const isObject = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Strict object: exactly these keys (an optional key may be absent or undefined). */
function shape(x: unknown, fields: Record<string, (value: unknown) => boolean>, optional: readonly string[] = []): boolean {
  if (!isObject(x)) return false;
  // Own keys of `fields` only: with `in`, toString/constructor (inherited by every object) passed.
  for (const key of Object.keys(x)) if (!Object.hasOwn(fields, key)) return false;
  return Object.entries(fields).every(([key, check]) => (optional.includes(key) && x[key] === undefined) || check(x[key]));
}

const text = (max: number) => (x: unknown) => typeof x === 'string' && x.length <= max;
const bool = (x: unknown) => typeof x === 'boolean';
const int = (min: number, max: number) => (x: unknown) => Number.isSafeInteger(x) && (x as number) >= min && (x as number) <= max;
const brand = (x: unknown) => (CARD_BRANDS as readonly unknown[]).includes(x);

const card = (x: unknown) => shape(x, { brand, last4: (v) => typeof v === 'string' && /^[0-9]{4}$/.test(v), expMonth: int(1, 12), expYear: int(2000, 2200) });
const fieldError = (x: unknown) => shape(x, { field: text(32), code: text(64), message: text(300) });

const PAYLOADS: Record<string, Check> = {
  hello: (p) => shape(p, {}),
  ready: (p) => shape(p, { mode: (m) => m === 'checkout' || m === 'vault' }),
  resize: (p) => shape(p, { height: (h) => typeof h === 'number' && Number.isFinite(h) && h >= 0 && h <= 10_000 }),
  change: (p) =>
    shape(p, { complete: bool, empty: bool, brand, errors: (e) => Array.isArray(e) && e.length <= 20 && e.every(fieldError) }, ['brand']),
  token: (p) => shape(p, { requestId: text(64), token: text(4096), card }, ['requestId']),
  error: (p) => shape(p, { requestId: text(64), code: text(64), message: text(300) }, ['requestId']),
};

export function decodeFrameMessage(data: unknown): FrameMessage | null {
  if (!isObject(data) || !shape(data, { v: (v) => v === 1, kind: (k) => typeof k === 'string' && Object.hasOwn(PAYLOADS, k), payload: isObject })) return null;
  return PAYLOADS[data.kind as string]!(data.payload as Obj) ? (data as FrameMessage) : null;
}
