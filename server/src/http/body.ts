import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { CimError } from '../errors.ts';

export const MAX_BODY_BYTES = 64 * 1024;

/** Refuses bodies over 64 KiB, counted as they stream in (chunked bodies too). */
export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new CimError('body_too_large', `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB.`);
  },
});

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Reads the body as JSON before validation, so that a wrong Content-Type and
 * malformed JSON get their own stable codes (Hono's validator would silently
 * validate `{}` for the first and answer a generic 400 for the second).
 * The parsed value stays in Hono's body cache for the validator that follows.
 */
export async function requireJsonBody(c: Context): Promise<void> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
  // A POST that needs no body (void, resolve, refund in full) may come without one, as curl and most
  // clients send it: Hono's validator then checks `{}`. A body without its Content-Type is still refused.
  if (mediaType === '' && (await c.req.text()) === '') return;
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new CimError('unsupported_media_type', 'Send the request body as JSON with "Content-Type: application/json".');
  }
  try {
    await c.req.json();
  } catch (error) {
    // The body limit reports itself through the stream; keep its 413.
    if (error instanceof CimError) throw error;
    throw new CimError('invalid_json', 'The request body is not valid JSON.');
  }
}
