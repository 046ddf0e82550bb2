import { CARD_DATA_ISSUE } from '@cim/shared';
import type { ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { CimError } from '../errors.ts';
import { scrub } from '../logger.ts';
import { closestKey, knownKeysAt } from './field-suggestion.ts';
import { requireJsonBody } from './body.ts';
import { requestErrorMap } from './zod-messages.ts';

/** Turns zod's first issue into our error: a stable code, a readable message and the field path. */
export function zodError(error: z.ZodError, schema: z.ZodType): CimError {
  const issue = error.issues[0];
  let field = issue?.path.map(String).join('.') || undefined;
  let message = issue?.message ?? 'Invalid request.';
  if (issue?.code === 'unrecognized_keys') {
    message = `Unknown field(s): ${issue.keys.join(', ')}.`;
    // A typo names itself and the field it was probably meant to be.
    const known = knownKeysAt(schema, issue.path);
    const typo = issue.keys.map((key) => ({ key, meant: closestKey(key, known) })).find((k) => k.meant !== undefined);
    if (typo) {
      field = [...issue.path.map(String), typo.key].join('.');
      message = `${field}: unknown field; did you mean ${typo.meant}?`;
    }
  } else if (field && !message.startsWith(field) && !message.startsWith(field.split('.').pop()!)) message = `${field}: ${message}`;
  const code = issue?.code === 'custom' && issue.params?.code === CARD_DATA_ISSUE ? 'card_data_not_allowed' : 'invalid_request';
  // Field names come from the client; never echo anything shaped like a card number.
  return new CimError(code, scrub(message), field ? { field: scrub(field) } : {});
}

/** The one request validator: zod schema in, our error body out (never zod's raw result). */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  const check = validator(target, (value): z.output<Schema> => {
    const parsed = schema.safeParse(value, { error: requestErrorMap });
    if (!parsed.success) throw zodError(parsed.error, schema);
    return parsed.data;
  });
  if (target !== 'json') return check;
  const checkJson: typeof check = async (c, next) => {
    await requireJsonBody(c);
    return check(c, next);
  };
  return checkJson;
}
