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

/** Set on a handler's fields when a list found nothing: still Ok, but with I00004 as the real service answers. */
export const NO_RECORDS = Symbol('I00004');

export const okMessages = (fields: Record<string | symbol, unknown> = {}): AnetMessages =>
  fields[NO_RECORDS] ? { resultCode: 'Ok', message: [{ code: 'I00004', text: ANET_TEXT.I00004 }] } : { resultCode: 'Ok', message: [{ code: 'I00001', text: ANET_TEXT.I00001 }] };

export const errorMessages = (error: AnetError): AnetMessages => ({ resultCode: 'Error', message: [{ code: error.anetCode, text: error.message }] });

/** Business errors are HTTP 200 too, as on the real service. */
export function anetResponse(body: Record<string, unknown>): Response {
  return new Response(BOM + JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
}
