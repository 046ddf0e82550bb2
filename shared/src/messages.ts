/**
 * The one protocol between the <cim-checkout> element (merchant page) and its iframe (CIM origin).
 *
 * Every message is `{v: 1, kind, payload}`, discriminated on `kind`. Objects are strict, so a
 * field that is not in this file cannot ride along: no card number, code or expiry crosses the
 * frame boundary, only what a merchant may see (brand, last four, a result token).
 *
 * Written with `zod/mini`, Zod's tree-shakable build, because the iframe app ships it to every
 * shopper's browser and its size budget is 30 KB gzipped for everything.
 */
import * as z from 'zod/mini';
import { CARD_BRANDS } from './card/brands.ts';

export const MESSAGE_VERSION = 1;

/** CSS custom properties the element reads from itself and hands to the frame. */
export const THEME_PROPERTIES = [
  '--cim-color-primary',
  '--cim-color-text',
  '--cim-color-background',
  '--cim-color-danger',
  '--cim-font-family',
  '--cim-font-size',
  '--cim-radius',
  '--cim-spacing',
] as const;
export type ThemeProperty = (typeof THEME_PROPERTIES)[number];

export const SESSION_MODES = ['checkout', 'vault'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

// Schemas are built only from calls marked pure (or helpers marked free of side effects), so a
// bundle that takes just the constants or the encoders (the element's loader) leaves zod out.
/*#__NO_SIDE_EFFECTS__*/
const shortText = (max: number) => z.string().check(z.maxLength(max));
/*#__NO_SIDE_EFFECTS__*/
const intIn = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));
/*#__NO_SIDE_EFFECTS__*/
const numberIn = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));
/*#__NO_SIDE_EFFECTS__*/
const listOf = <T extends z.ZodMiniType>(item: T, max: number) => z.array(item).check(z.maxLength(max));
/*#__NO_SIDE_EFFECTS__*/
const matching = (pattern: RegExp) => z.string().check(z.regex(pattern));

export const CardSummary = /*#__PURE__*/ z.strictObject({
  brand: z.enum(CARD_BRANDS),
  last4: matching(/^[0-9]{4}$/),
  expMonth: intIn(1, 12),
  expYear: intIn(2000, 2200),
});
export type CardSummary = z.infer<typeof CardSummary>;

/** One inline validation problem; `message` comes from shared code that never echoes input. */
export const FieldError = /*#__PURE__*/ z.strictObject({ field: shortText(32), code: shortText(64), message: shortText(300) });
export type FieldError = z.infer<typeof FieldError>;

const Theme = /*#__PURE__*/ z.partialRecord(z.enum(THEME_PROPERTIES), shortText(200));
export type Theme = z.infer<typeof Theme>;

/** Correlates a `submit()` call with its answer; frame-initiated results carry none. */
const requestId = shortText(64);

/*#__NO_SIDE_EFFECTS__*/
const envelope = <K extends string, P extends z.ZodMiniType>(kind: K, payload: P) =>
  z.strictObject({ v: z.literal(MESSAGE_VERSION), kind: z.literal(kind), payload });

export const FrameMessage = /*#__PURE__*/ z.discriminatedUnion('kind', [
  /** The frame's script runs and listens: the element answers with `configure`. */
  envelope('hello', z.strictObject({})),
  /** The wallet is loaded and the form rendered. */
  envelope('ready', z.strictObject({ mode: z.enum(SESSION_MODES) })),
  /** The frame's content height in CSS pixels, so the element can size the iframe without scrollbars. */
  envelope('resize', z.strictObject({ height: numberIn(0, 10_000) })),
  envelope(
    'change',
    z.strictObject({ complete: z.boolean(), empty: z.boolean(), brand: z.optional(z.enum(CARD_BRANDS)), errors: listOf(FieldError, 20) }),
  ),
  /** Enter in a field while the frame's button is hidden: the page decides whether to `submit()`. */
  envelope('submit', z.strictObject({})),
  /** The session ends in `seconds` (60 or less): the page should set a new one, the form keeps what was typed. */
  envelope('expiring', z.strictObject({ seconds: intIn(0, 60) })),
  /** The session has ended; a new one (`element.session = …`) picks up where the shopper was. */
  envelope('expired', z.strictObject({})),
  envelope('token', z.strictObject({ requestId: z.optional(requestId), token: shortText(4096), card: CardSummary })),
  envelope('error', z.strictObject({ requestId: z.optional(requestId), code: shortText(64), message: shortText(300) })),
]);
export type FrameMessage = z.infer<typeof FrameMessage>;

export const HostMessage = /*#__PURE__*/ z.discriminatedUnion('kind', [
  envelope('configure', z.strictObject({ locale: shortText(35), hideButton: z.boolean(), theme: Theme })),
  /** The merchant's own pay button was pressed: validate, save and confirm as the frame's button would. */
  envelope('submit', z.strictObject({ requestId })),
  /** A new session for the same page: the frame carries on with it, keeping what the shopper typed. */
  envelope('session', z.strictObject({ token: matching(/^cs_[A-Za-z0-9_-]{43}$/) })),
  /**
   * The page's charge with the last token was declined: the frame offers the new-card form again
   * (number and code cleared, the rest kept) and says so in its own words; the page sends no text.
   */
  envelope('declined', z.strictObject({})),
]);
export type HostMessage = z.infer<typeof HostMessage>;

type Payload<M extends { kind: string; payload: unknown }, K extends M['kind']> = Extract<M, { kind: K }>['payload'];

export function frameMessage<K extends FrameMessage['kind']>(kind: K, payload: Payload<FrameMessage, K>): FrameMessage {
  return { v: MESSAGE_VERSION, kind, payload } as FrameMessage;
}

export function hostMessage<K extends HostMessage['kind']>(kind: K, payload: Payload<HostMessage, K>): HostMessage {
  return { v: MESSAGE_VERSION, kind, payload } as HostMessage;
}

/** Anything that is not exactly one of our messages (another script's postMessage, an old version) is null. */
export function decodeFrameMessage(data: unknown): FrameMessage | null {
  const result = FrameMessage.safeParse(data);
  return result.success ? result.data : null;
}

export function decodeHostMessage(data: unknown): HostMessage | null {
  const result = HostMessage.safeParse(data);
  return result.success ? result.data : null;
}
