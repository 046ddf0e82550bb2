import { ANET_TEXT, type AnetError, type AnetMessage } from './messages.ts';

/** The real service starts every JSON answer with a UTF-8 byte-order mark; clients written against it expect one. */
const BOM = '\uFEFF';

export interface AnetMessages {
  resultCode: 'Ok' | 'Error';
  message: AnetMessage[];
}

/**
 * A flat response as Authorize.Net sends it: the operation's fields, then
 * `refId`, then `messages` (whose `message` is always a list).
 */
export function envelope(fields: Record<string, unknown>, refId: string | undefined, messages: AnetMessages): Record<string, unknown> {
  return { ...fields, ...(refId !== undefined && { refId }), messages };
}

/**
 * Set on a handler's fields for an Ok answer with an informational code instead of
 * I00001: I00004 when a list found nothing, I00002 for a subscription already canceled.
 */
export const INFO = Symbol('info');
export type InfoCode = 'I00002' | 'I00004';

export function okMessages(fields: Record<string | symbol, unknown> = {}): AnetMessages {
  const code = (fields[INFO] as InfoCode | undefined) ?? 'I00001';
  return { resultCode: 'Ok', message: [{ code, text: ANET_TEXT[code] }] };
}

export const errorMessages = (error: AnetError): AnetMessages => ({ resultCode: 'Error', message: [{ code: error.anetCode, text: error.message }] });

/** Business errors are HTTP 200 too, as on the real service. */
export function anetResponse(body: Record<string, unknown>): Response {
  return new Response(BOM + JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
}
