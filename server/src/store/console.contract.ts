import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateError, NotFoundError } from '../errors.ts';
import { merchantRecord, type StoreFixture } from './contract.ts';
import type { AuditRecord, MerchantRecord, StaffRecord, Store } from './types.ts';

const AT = '2026-06-15T12:00:00.000Z';
let seq = 0;

export function staffRecord(merchantId: string, over: Partial<StaffRecord> = {}): StaffRecord {
  const n = seq++;
  return { id: `stf_${n}_${merchantId}`, merchantId, email: `staff${n}-${merchantId}@shop.test`, role: 'operator', passwordHash: 'scrypt$1$1$1$a$b', passwordMustChange: true, failedSignIns: 0, lockedUntil: null, createdAt: AT, disabledAt: null, ...over };
}

const auditEntry = (merchantId: string | null, over: Partial<AuditRecord> = {}): AuditRecord => ({
  merchantId, actor: 'api', action: 'payment_profile.read', recordType: 'customer', recordId: '1000000001', outcome: 'success', clientAddress: null, detail: null, at: AT, ...over,
});

/** What every backend promises for the merchant console: staff, staff sessions, audit search, key rotation. */
export function runConsoleStoreContract(name: string, makeStore: () => Promise<StoreFixture>): void {
  describe(`console store contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: Store;
    let m1: MerchantRecord;
    let m2: MerchantRecord;
    beforeEach(async () => {
      fixture = await makeStore();
      store = fixture.store;
      m1 = merchantRecord();
      m2 = merchantRecord();
      await store.merchants.insert(m1);
      await store.merchants.insert(m2);
    });
    afterEach(() => fixture.cleanup());

    it('changes a role and removes an account only within its merchant; removing signs it out everywhere', async () => {
      const a = staffRecord(m1.id);
      await store.staff.insert(a);
      await store.staffSessions.insert({ tokenHash: `h-${a.id}`, staffId: a.id, merchantId: m1.id, createdAt: AT, lastSeenAt: AT, expiresAt: '2026-06-16T12:00:00.000Z' });
      expect(await store.staff.setRole(m2.id, a.id, 'admin')).toBeNull();
      expect(await store.staff.delete(m2.id, a.id)).toBe(false);
      expect(await store.staff.get(m1.id, a.id)).toEqual(a);
      expect(await store.staff.setRole(m1.id, a.id, 'admin')).toEqual({ ...a, role: 'admin' });
      expect(await store.staff.get(m1.id, a.id)).toMatchObject({ role: 'admin' });
      // The merchant's only enabled admin is neither demoted nor removed.
      expect(await store.staff.setRole(m1.id, a.id, 'viewer')).toBeNull();
      expect(await store.staff.delete(m1.id, a.id)).toBe(false);
      await store.staff.insert(staffRecord(m1.id, { role: 'admin' }));
      expect(await store.staff.delete(m1.id, a.id)).toBe(true);
      expect(await store.staff.get(m1.id, a.id)).toBeNull();
      expect(await store.staffSessions.getByTokenHash(`h-${a.id}`)).toBeNull();
      expect(await store.staff.delete(m1.id, a.id)).toBe(false);
      expect(await store.staff.setRole(m1.id, a.id, 'admin')).toBeNull();
    });

    it("never demotes or removes a merchant's last enabled admin, even when two admins do it to each other at once", async () => {
      const rounds = [
        ['demote', (m: string, id: string, s: Store['staff']) => s.setRole(m, id, 'operator').then((r) => r !== null)],
        ['remove', (m: string, id: string, s: Store['staff']) => s.delete(m, id)],
      ] as const;
      for (const [name, act] of rounds) {
        const m = merchantRecord();
        await store.merchants.insert(m);
        const [a, b] = [staffRecord(m.id, { role: 'admin' }), staffRecord(m.id, { role: 'admin' })];
        for (const s of [a, b]) await store.staff.insert(s);
        // b's change starts while a's is not committed yet: it must wait for it and then see a gone.
        let other: Promise<boolean> = Promise.resolve(true);
        const first = await store.transaction(async (tx) => {
          const done = await act(m.id, a.id, tx.staff);
          other = act(m.id, b.id, store.staff);
          await new Promise((resolve) => setTimeout(resolve, 300));
          return done;
        });
        expect(first, name).toBe(true);
        expect(await other, name).toBe(false);
        const enabledAdmins = async () => (await store.staff.listForMerchant(m.id)).filter((s) => s.role === 'admin' && s.disabledAt === null).map((s) => s.id);
        expect(await enabledAdmins(), name).toEqual([b.id]);
        // A disabled admin does not count; an enabled one does.
        await store.staff.insert(staffRecord(m.id, { role: 'admin', disabledAt: AT }));
        expect(await act(m.id, b.id, store.staff), name).toBe(false);
        await store.staff.insert(staffRecord(m.id, { role: 'admin' }));
        expect(await act(m.id, b.id, store.staff), name).toBe(true);
        expect(await enabledAdmins(), name).toHaveLength(1);
      }
    });

    it("never disables a merchant's last enabled admin, even when two admins are disabled at once", async () => {
      const [a, b] = [staffRecord(m1.id, { role: 'admin' }), staffRecord(m1.id, { role: 'admin' })];
      const theirs = staffRecord(m2.id, { role: 'admin' });
      for (const s of [a, b, theirs]) await store.staff.insert(s);
      // Another merchant's enabled admin does not count.
      expect(await store.staff.disable(m2.id, theirs.id, AT)).toBeNull();
      // b's disable starts while a's is not committed yet: it must wait for it and then see a disabled.
      let other: Promise<unknown> = Promise.resolve();
      const first = await store.transaction(async (tx) => {
        const row = await tx.staff.disable(m1.id, a.id, AT);
        other = store.staff.disable(m1.id, b.id, AT);
        await new Promise((resolve) => setTimeout(resolve, 300));
        return row;
      });
      expect(first).toMatchObject({ id: a.id, disabledAt: AT });
      expect(await other).toBeNull();
      const enabled = (await store.staff.listForMerchant(m1.id)).filter((s) => s.disabledAt === null);
      expect(enabled).toHaveLength(1);
      const [left] = enabled;
      expect(await store.staff.disable(m1.id, left!.id, AT)).toBeNull();
      // Another admin enabled again, or a new one, lets it be disabled; a disabled admin stays disabled without a check.
      const disabledOne = left!.id === a.id ? b : a;
      expect(await store.staff.disable(m1.id, disabledOne.id, '2026-06-15T13:00:00.000Z')).toMatchObject({ disabledAt: AT });
      await store.staff.enable(m1.id, disabledOne.id);
      expect(await store.staff.disable(m1.id, left!.id, AT)).toMatchObject({ id: left!.id, role: 'admin', disabledAt: AT });
      // A non-admin is never the last admin.
      const viewer = staffRecord(m1.id, { role: 'viewer' });
      await store.staff.insert(viewer);
      expect(await store.staff.disable(m1.id, viewer.id, AT)).toMatchObject({ disabledAt: AT });
    });

    it("ends every session of a staff member within the merchant, and only theirs", async () => {
      const [a, b] = [staffRecord(m1.id), staffRecord(m1.id)];
      for (const s of [a, b]) await store.staff.insert(s);
      const session = { staffId: a.id, merchantId: m1.id, createdAt: AT, lastSeenAt: AT, expiresAt: '2026-06-15T20:00:00.000Z' };
      for (const h of ['d1', 'd2']) await store.staffSessions.insert({ ...session, tokenHash: h });
      await store.staffSessions.insert({ ...session, staffId: b.id, tokenHash: 'd3' });
      expect(await store.staffSessions.deleteAllOfStaff(m2.id, a.id)).toBe(0);
      expect(await store.staffSessions.deleteAllOfStaff(m1.id, a.id)).toBe(2);
      expect(await store.staffSessions.getByTokenHash('d1')).toBeNull();
      expect(await store.staffSessions.getByTokenHash('d2')).toBeNull();
      expect(await store.staffSessions.getByTokenHash('d3')).not.toBeNull();
    });

    it('stores staff with one account per email across merchants, scoped reads by merchant', async () => {
      const a = staffRecord(m1.id);
      await store.staff.insert(a);
      expect(await store.staff.getByEmail(a.email)).toEqual(a);
      expect(await store.staff.get(m1.id, a.id)).toEqual(a);
      expect(await store.staff.get(m2.id, a.id)).toBeNull();
      await expect(store.staff.insert(staffRecord(m2.id, { email: a.email }))).rejects.toBeInstanceOf(DuplicateError);
      expect((await store.staff.listForMerchant(m1.id)).map((s) => s.id)).toEqual([a.id]);
      expect(await store.staff.listForMerchant(m2.id)).toEqual([]);
    });

    it('counts failed sign-ins, locks at the limit, restarts after the lock and clears', async () => {
      const a = staffRecord(m1.id);
      await store.staff.insert(a);
      const lockUntil = '2026-06-15T12:15:00.000Z';
      for (let i = 1; i <= 2; i++) expect(await store.staff.recordFailedSignIn(a.id, AT, 3, lockUntil)).toMatchObject({ failedSignIns: i, lockedUntil: null });
      expect(await store.staff.recordFailedSignIn(a.id, AT, 3, lockUntil)).toMatchObject({ failedSignIns: 3, lockedUntil: lockUntil });
      // A failure while locked does not move the lock further.
      expect(await store.staff.recordFailedSignIn(a.id, '2026-06-15T12:01:00.000Z', 3, '2026-06-15T12:16:00.000Z')).toMatchObject({ failedSignIns: 4, lockedUntil: lockUntil });
      expect(await store.staff.recordFailedSignIn(a.id, lockUntil, 3, '2026-06-15T12:30:00.000Z')).toMatchObject({ failedSignIns: 1, lockedUntil: null });
      await store.staff.clearFailedSignIns(a.id);
      expect(await store.staff.getByEmail(a.email)).toMatchObject({ failedSignIns: 0, lockedUntil: null });
      expect(await store.staff.recordFailedSignIn('stf_missing', AT, 3, lockUntil)).toBeNull();
    });

    it('replaces a password within the merchant only', async () => {
      const a = staffRecord(m1.id);
      await store.staff.insert(a);
      await store.staff.setPassword(m1.id, a.id, 'scrypt$new', false);
      expect(await store.staff.get(m1.id, a.id)).toMatchObject({ passwordHash: 'scrypt$new', passwordMustChange: false });
      await expect(store.staff.setPassword(m2.id, a.id, 'scrypt$evil', false)).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.staff.get(m1.id, a.id)).toMatchObject({ passwordHash: 'scrypt$new' });
    });

    it('keeps staff sessions by token hash, touches, deletes and expires them, and drops them with their account', async () => {
      const a = staffRecord(m1.id);
      await store.staff.insert(a);
      const session = { tokenHash: 'h1', staffId: a.id, merchantId: m1.id, createdAt: AT, lastSeenAt: AT, expiresAt: '2026-06-15T20:00:00.000Z' };
      await store.staffSessions.insert(session);
      await store.staffSessions.insert({ ...session, tokenHash: 'h2', expiresAt: '2026-06-15T13:00:00.000Z' });
      expect(await store.staffSessions.getByTokenHash('h1')).toEqual(session);
      await store.staffSessions.touch('h1', '2026-06-15T12:05:00.000Z');
      expect(await store.staffSessions.getByTokenHash('h1')).toMatchObject({ lastSeenAt: '2026-06-15T12:05:00.000Z' });
      expect(await store.staffSessions.deleteExpiredBefore('2026-06-15T14:00:00.000Z')).toBe(1);
      expect(await store.staffSessions.getByTokenHash('h2')).toBeNull();
      await store.staffSessions.insert({ ...session, tokenHash: 'h3' });
      await store.staffSessions.insert({ ...session, tokenHash: 'h4' });
      expect(await store.staffSessions.deleteOthersOfStaff(a.id, 'h3')).toBe(2);
      expect(await store.staffSessions.getByTokenHash('h3')).not.toBeNull();
      await store.staffSessions.delete('h3');
      expect(await store.staffSessions.getByTokenHash('h3')).toBeNull();
    });

    it('searches the audit log by actor, action (exact or family), outcome, record, time and cursor, within the merchant', async () => {
      await store.audit.insert(auditEntry(m1.id, { actor: 'staff:a@shop.test', action: 'staff.transaction.refund', recordId: '111', at: '2026-06-14T10:00:00.000Z' }));
      await store.audit.insert(auditEntry(m1.id, { actor: 'staff:b@shop.test', action: 'staff.sign_in', outcome: 'failure', recordId: null, at: '2026-06-15T10:00:00.000Z' }));
      await store.audit.insert(auditEntry(m1.id, { actor: 'api', action: 'staff_x', at: '2026-06-15T11:00:00.000Z' }));
      await store.audit.insert(auditEntry(m2.id, { actor: 'staff:a@shop.test', action: 'staff.sign_in' }));
      const actions = async (f: Parameters<Store['audit']['search']>[1], limit = 10) => (await store.audit.search(m1.id, f, limit)).map((e) => e.action);
      expect(await actions({})).toEqual(['staff_x', 'staff.sign_in', 'staff.transaction.refund']);
      expect(await actions({ action: 'staff.' })).toEqual(['staff.sign_in', 'staff.transaction.refund']);
      expect(await actions({ action: 'staff_' + '.' })).toEqual([]);
      expect(await actions({ action: 'staff.sign_in' })).toEqual(['staff.sign_in']);
      expect(await actions({ actor: 'staff:a@shop.test' })).toEqual(['staff.transaction.refund']);
      expect(await actions({ outcome: 'failure' })).toEqual(['staff.sign_in']);
      expect(await actions({ recordId: '111' })).toEqual(['staff.transaction.refund']);
      expect(await actions({ since: '2026-06-15T00:00:00.000Z', until: '2026-06-15T11:00:00.000Z' })).toEqual(['staff.sign_in']);
      const [newest] = await store.audit.search(m1.id, {}, 1);
      expect(newest!.id).toEqual(expect.any(Number));
      expect(await actions({ beforeId: newest!.id })).toEqual(['staff.sign_in', 'staff.transaction.refund']);
      expect(await actions({}, 1)).toEqual(['staff_x']);
    });
  });
}
