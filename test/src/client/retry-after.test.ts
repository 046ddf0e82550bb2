import { retryAfterMs } from '@cim/client';
import { expect, it } from 'vitest';

it('reads Retry-After as delta-seconds or an HTTP date, and ignores what it cannot read', () => {
  const now = Date.parse('2026-12-07T06:00:00Z');
  expect(retryAfterMs('3', now)).toBe(3000);
  expect(retryAfterMs(' 0 ', now)).toBe(0);
  expect(retryAfterMs('Mon, 07 Dec 2026 06:00:05 GMT', now)).toBe(5000);
  expect(retryAfterMs('Mon, 07 Dec 2026 05:59:00 GMT', now)).toBe(0);
  expect(retryAfterMs(null, now)).toBeUndefined();
  expect(retryAfterMs('soon', now)).toBeUndefined();
  expect(retryAfterMs('-1', now)).toBeUndefined();
});
