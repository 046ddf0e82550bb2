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

/** Hono's JSON validator accepts only application/json; give a clear code for malformed JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CimError('invalid_json', 'The request body is not valid JSON.');
  }
}
