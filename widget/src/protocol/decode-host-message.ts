import { THEME_PROPERTIES, type HostMessage } from '@cim/shared';
import { bool, envelope, isObject, shape, text, type Obj } from './checks.ts';

/**
 * The frame's decoder of the element's messages: the same rules as the zod schema `HostMessage`
 * in shared/src/messages.ts, hand-written because zod cost the frame about 6 KB of its 30 KB
 * gzip budget for these two messages. decode-messages.test.ts holds both to the same verdicts.
 */
const theme = (x: unknown) =>
  isObject(x) && Object.entries(x).every(([key, value]) => (THEME_PROPERTIES as readonly string[]).includes(key) && text(200)(value));

const PAYLOADS: Record<string, (p: Obj) => boolean> = {
  configure: (p) => shape(p, { locale: text(35), hideButton: bool, theme }),
  submit: (p) => shape(p, { requestId: text(64) }),
  session: (p) => shape(p, { token: (t) => typeof t === 'string' && /^cs_[A-Za-z0-9_-]{43}$/.test(t) }),
  declined: (p) => shape(p, {}),
};

export const decodeHostMessage = (data: unknown) => envelope<HostMessage>(data, PAYLOADS);
