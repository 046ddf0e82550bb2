import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckoutServer, TEST_BILL_TO, TEST_CARD, type CheckoutServer } from '../checkout-test-support.ts';

/** RateLimit / RateLimit-Policy (draft-ietf-httpapi-ratelimit-headers-10) over real HTTP, from the database-kept buckets. */
let t: CheckoutServer;
beforeEach(async () => {
  t = await startCheckoutServer();
});
afterEach(async () => {
  await t.cleanup();
});

type Headers = { get(name: string): string | null };
const fields = (h: Headers) => ({ policy: h.get('ratelimit-policy'), limit: h.get('ratelimit') });
// A structured-field List of String items with Integer parameters (RFC 9651), as the draft requires.
const SF_LIST = /^"[A-Za-z]+"(;[a-z]+=\d+)+(, "[A-Za-z]+"(;[a-z]+=\d+)+)*$/;

describe('RateLimit fields', () => {
  it('name each bucket a widget call took from, with what is left and when it is full again; on the 429 too, with Retry-After', async () => {
    const w = t.widget(await t.newSession());
    const first = await w('GET', '/wallet');
    expect(first.status).toBe(200);
    expect(fields(first.headers)).toEqual({
      policy: '"addressRequests";q=300;w=60, "sessionRequests";q=60;w=60',
      limit: '"addressRequests";r=299;t=1, "sessionRequests";r=59;t=1',
    });
    expect(first.headers.get('ratelimit-policy')).toMatch(SF_LIST);
    expect(first.headers.get('ratelimit')).toMatch(SF_LIST);
    for (let i = 1; i < 60; i++) await w('GET', '/wallet');
    const limited = await w('GET', '/wallet');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(fields(limited.headers)).toEqual({
      policy: '"addressRequests";q=300;w=60, "sessionRequests";q=60;w=60',
      limit: '"addressRequests";r=239;t=13, "sessionRequests";r=0;t=60',
    });
    // Time refills the bucket, and the fields say so.
    t.clock.advance(30_000);
    expect(fields((await w('GET', '/wallet')).headers).limit).toBe('"addressRequests";r=299;t=1, "sessionRequests";r=29;t=31');
  });

  it('add the card-save buckets on a save, and the merchant\'s session bucket on POST /v1/sessions', async () => {
    const created = await t.api('POST', '/v1/sessions', { origin: t.merchant.allowedOrigins[0] });
    expect(created.status).toBe(201);
    expect(fields(created.headers)).toEqual({ policy: '"merchantSessions";q=600;w=30', limit: '"merchantSessions";r=599;t=1' });
    const w = t.widget(created.body.token);
    const saved = await w('POST', '/payment-profiles', { card: TEST_CARD, billTo: TEST_BILL_TO });
    expect(saved.status).toBe(201);
    expect(fields(saved.headers).policy).toBe(
      '"addressRequests";q=300;w=60, "sessionRequests";q=60;w=60, "addressCardSaves";q=20;w=600, "merchantCardSaves";q=600;w=30, "cardNumberSaves";q=5;w=300',
    );
    expect(fields(saved.headers).limit).toBe(
      '"addressRequests";r=299;t=1, "sessionRequests";r=59;t=1, "addressCardSaves";r=19;t=30, "merchantCardSaves";r=599;t=1, "cardNumberSaves";r=4;t=60',
    );
  });

  it('are absent from routes without a limit', async () => {
    const res = await t.api('GET', '/v1/customers');
    expect(res.status).toBe(200);
    expect(fields(res.headers)).toEqual({ policy: null, limit: null });
  });
});
