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

describe('SigningKeyRing after a rotation by another process', () => {
  it('signs with a key rotated in elsewhere from its activation on, even when it re-read the keys just before the rotation', async () => {
    const store = await testStore();
    t = makeTestDeps(store ? { store } : {});
    const ring = (clock = t.clock) => new SigningKeyRing({ master: t.master, store: t.deps.store, clock, publicUrl: 'http://cim.test' });
    // The server instance has just signed (its keys are fresh); the CLI is another process over the same database.
    const server = ring();
    const old = (await server.signer()).kid;
    t.clock.advance(100);
    const { kid, activeFrom } = await ring().rotate({ activateInSeconds: 2 });
    const activation = Date.parse(activeFrom);
    expect(activation).toBe(t.clock.now().getTime() + 2_000);
    // Step through the next 3 s as a busy server would, signing every 50 ms: old key strictly before the moment, new key from it.
    for (let step = 0; step <= 60; step++) {
      t.clock.advance(50);
      const now = t.clock.now().getTime();
      expect((await server.signer()).kid, `${now - activation} ms from activation`).toBe(now < activation ? old : kid);
    }
  });

  it('defaults the activation delay to the JWKS cache time it was given', async () => {
    t = makeTestDeps();
    const ring = new SigningKeyRing({ master: t.master, store: t.deps.store, clock: t.clock, publicUrl: 'http://cim.test', jwksCacheSeconds: 60 });
    await ring.signer();
    const { activeFrom } = await ring.rotate();
    expect(Date.parse(activeFrom)).toBe(t.clock.now().getTime() + 60_000);
  });
});
