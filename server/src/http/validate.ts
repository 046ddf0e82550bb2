import { CARD_DATA_ISSUE } from '@cim/shared';
import type { ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { CimError } from '../errors.ts';
import { scrub } from '../logger.ts';
import { requireJsonBody } from './body.ts';

/** Turns zod's first issue into our error: a stable code, a readable message and the field path. */
export function zodError(error: z.ZodError): CimError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  let message = issue?.message ?? 'Invalid request.';
  if (issue?.code === 'unrecognized_keys') message = `Unknown field(s): ${issue.keys.join(', ')}.`;
  else if (field) message = `${field}: ${message}`;
  const code = issue?.code === 'custom' && issue.params?.code === CARD_DATA_ISSUE ? 'card_data_not_allowed' : 'invalid_request';
  // Field names come from the client; never echo anything shaped like a card number.
  return new CimError(code, scrub(message), field ? { field: scrub(field) } : {});
}

/** The one request validator: zod schema in, our error body out (never zod's raw result). */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  const check = validator(target, (value): z.output<Schema> => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw zodError(parsed.error);
    return parsed.data;
  });
  if (target !== 'json') return check;
  const checkJson: typeof check = async (c, next) => {
    await requireJsonBody(c);
    return check(c, next);
  };
  return checkJson;
}
