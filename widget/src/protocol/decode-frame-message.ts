import { CARD_BRANDS, type FrameMessage } from '@cim/shared';
import { bool, envelope, int, oneOf, shape, text, type Obj } from './checks.ts';

/**
 * The element's decoder of frame messages: the same rules as the zod schema `FrameMessage` in
 * shared/src/messages.ts, hand-written because zod would double the loader's size. A test feeds
 * both the same good and bad messages and requires the same verdicts; change them together.
 * The frame checks what it posts with it too (frame/bridge.ts), before a message leaves.
 */
const brand = oneOf(CARD_BRANDS);
const card = (x: unknown) => shape(x, { brand, last4: (v) => typeof v === 'string' && /^[0-9]{4}$/.test(v), expMonth: int(1, 12), expYear: int(2000, 2200) });
const fieldError = (x: unknown) => shape(x, { field: text(32), code: text(64), message: text(300) });

const PAYLOADS: Record<string, (p: Obj) => boolean> = {
  hello: (p) => shape(p, {}),
  ready: (p) => shape(p, { mode: oneOf(['checkout', 'vault']) }),
  resize: (p) => shape(p, { height: (h) => typeof h === 'number' && Number.isFinite(h) && h >= 0 && h <= 10_000 }),
  change: (p) =>
    shape(p, { complete: bool, empty: bool, brand, errors: (e) => Array.isArray(e) && e.length <= 20 && e.every(fieldError) }, ['brand']),
  submit: (p) => shape(p, {}),
  expiring: (p) => shape(p, { seconds: int(0, 60) }),
  expired: (p) => shape(p, {}),
  token: (p) => shape(p, { requestId: text(64), token: text(4096), card }, ['requestId']),
  error: (p) => shape(p, { requestId: text(64), code: text(64), message: text(300) }, ['requestId']),
};

export const decodeFrameMessage = (data: unknown) => envelope<FrameMessage>(data, PAYLOADS);
