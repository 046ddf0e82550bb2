import * as shared from '@cim/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeTestApp } from '../test-support.ts';
import { zodError } from './validate.ts';
import { requestErrorMap } from './zod-messages.ts';

/** zod's own English wording, which a person cannot act on; none of it may reach an answer. */
const RAW = /Invalid input|expected \w+, received|received undefined|Too small|Too big|Invalid option|Unrecognized key|Invalid string|Invalid (email|url|URL|ISO|date|key|element|number|union|value)|must match pattern|has >?=?\d+ characters/;

const SCHEMAS = (Object.entries(shared) as Array<[string, unknown]>).filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType);

/** Every object key of every schema, so generated inputs reach past "unknown field" into each field's own checks. */
function keysOf(schema: unknown, into = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
  if (!def || seen.has(schema)) return into;
  seen.add(schema);
  if (def.type === 'object') for (const [key, inner] of Object.entries(def.shape as Record<string, unknown>)) keysOf(inner, into.add(key), seen);
  for (const inner of [def.innerType, def.in, def.out, def.element, def.schema, ...((def.options as unknown[] | undefined) ?? [])]) keysOf(inner, into, seen);
  return into;
}
const KEYS = [...new Set(SCHEMAS.flatMap(([, s]) => [...keysOf(s)]))];

const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', ' ', '4111111111111111', '2030-12', '2026-06-01', '2026-06-01T12:00:00Z', '12.34', 'USD', 'https://shop.example', 'checking', 'authOnly', 'a@b.co', '-1'));
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer({ min: -5, max: 20_000 }),
    fc.double(),
    fc.boolean(),
    fc.constantFrom(null, undefined),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 5 }),
  ),
})).v;
const input = fc.oneof(fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 8 }), value);

describe('request validation messages', () => {
  it('zod alone would answer its raw wording (what the map replaces)', () => {
    const raw = shared.SessionCreate.safeParse({});
    expect(raw.error?.issues[0]?.message).toMatch(RAW);
  });

  it('never use zod\'s raw wording, for any input to any schema of the shared package (500 runs)', () => {
    expect(SCHEMAS.length).toBeGreaterThan(30);
    fc.assert(
      fc.property(fc.constantFrom(...SCHEMAS), input, ([name, schema], payload) => {
        const parsed = schema.safeParse(payload, { error: requestErrorMap });
        if (parsed.success) return;
        for (const issue of parsed.error.issues) expect(issue.message, `${name}: ${issue.message}`).not.toMatch(RAW);
        const error = zodError(parsed.error, schema);
        expect(error.message, name).not.toMatch(RAW);
        expect(error.message.length, name).toBeGreaterThan(8);
      }),
      { numRuns: 500 },
    );
  });

  it('say what is wrong and what the field is', () => {
    const message = (schema: z.ZodType, payload: unknown) => {
      const parsed = schema.safeParse(payload, { error: requestErrorMap });
      return parsed.success ? null : zodError(parsed.error, schema).message;
    };
    expect(message(shared.SessionCreate, {})).toBe('origin is required: the https origin of the page that shows the checkout, such as https://shop.example');
    expect(message(shared.SessionCreate, { origin: 5 })).toBe('origin must be a string, not a number: the https origin of the page that shows the checkout, such as https://shop.example');
    expect(message(shared.SessionCreate, { origin: 'https://shop.example', ttlSeconds: 5 })).toBe('ttlSeconds must be at least 60: how long the session lives, 60 to 1800 seconds');
    expect(message(shared.SessionCreate, { origin: 'https://shop.example', mode: 'shop' })).toBe('mode must be one of: checkout, vault');
    expect(message(shared.MerchantTransactionListQuery, { createdFrom: 'yesterday' })).toMatch(/^createdFrom must be an ISO 8601 time with an offset, such as 2026-06-01T12:00:00Z, or a date such as 2026-06-01: /);
    expect(message(shared.PaymentProfileCreate, { card: { number: '4111111111111111', expMonth: 12 } })).toBe('card.expYear must be a number: the expiry year, four digits such as 2030');
    expect(message(shared.CustomerCreate, { email: 'nope' })).toBe('email must be an email address such as ada@example.com');
  });

  it('reach the client over HTTP, with the field', async () => {
    const t = await makeTestApp();
    try {
      const res = await t.api('POST', '/v1/sessions', {});
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        error: { code: 'invalid_request', field: 'origin', message: 'origin is required: the https origin of the page that shows the checkout, such as https://shop.example' },
      });
      const amount = await t.api('POST', '/v1/transactions', { type: 'authCapture', amount: 12.34, token: 'x' });
      expect((await amount.json()) as object).toMatchObject({ error: { field: 'amount', message: 'amount must be a decimal string such as "12.34"' } });
    } finally {
      await t.cleanup();
    }
  });
});
