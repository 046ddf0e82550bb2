import { afterEach, describe, expect, it } from 'vitest';
import { makeTestDeps, testStore } from '../test-support.ts';
import { SigningKeyRing } from './signing-keys.ts';

let t: ReturnType<typeof makeTestDeps>;
afterEach(() => t.cleanup());

describe('SigningKeyRing on a fresh database', () => {
  it('makes one first key even when several instances need one at the same moment', async () => {
    const store = await testStore();
    t = makeTestDeps(store ? { store } : {});
    // Four rings over one store: four CIM processes started together, as far as the database can tell.
    const rings = Array.from({ length: 4 }, () => new SigningKeyRing({ master: t.master, store: t.deps.store, clock: t.clock, publicUrl: 'http://cim.test' }));
    const signers = await Promise.all(rings.map((r) => r.signer()));
    expect(await t.deps.store.signingKeys.list()).toHaveLength(1);
    expect(new Set(signers.map((s) => s.kid)).size).toBe(1);
    const published = await Promise.all(rings.map((r) => r.jwks()));
    for (const jwks of published) expect(jwks.keys.map((k) => k.kid)).toEqual([signers[0]!.kid]);
  });
});
