import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, seal } from './aead.ts';

const NONCE = { from: 3, to: 15 };

describe('AES-256-GCM seal', () => {
  it('gives every ciphertext its own nonce, across refills of the nonce pool', () => {
    const key = randomBytes(32);
    // 341 nonces fit in one 4 KiB pool: 1,000 seals cross two refills.
    const nonces = Array.from({ length: 1000 }, (_, i) => Buffer.from(seal(key, 1, Buffer.from(`value ${i}`), `m:${i}:number`).subarray(NONCE.from, NONCE.to)).toString('hex'));
    expect(new Set(nonces).size).toBe(1000);
    expect(nonces.every((n) => n.length === 24)).toBe(true);
  });

  it('opens what it sealed, and nothing sealed for another record or field', () => {
    const key = randomBytes(32);
    const blob = seal(key, 1, Buffer.from('4111111111111111'), 'merchant:1:number');
    expect(open(key, blob, 'merchant:1:number').toString()).toBe('4111111111111111');
    expect(() => open(key, blob, 'merchant:2:number')).toThrow();
    expect(() => open(key, blob, 'merchant:1:expiry')).toThrow();
  });
});
