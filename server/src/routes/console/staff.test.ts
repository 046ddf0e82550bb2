import type { ConsoleStaffView } from '@cim/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../../test-support.ts';
import { auditActions, signedIn, signInRequest, staffOf, type TestApp } from './console-fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.cleanup());

const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;

describe('console staff management (admin)', () => {
  it('lists, creates with a one-time password shown once, changes a role and removes, each audited', async () => {
    const admin = await signedIn(t, 'admin');
    const created = await admin.call('POST', '/staff', { email: 'New.Hire@Shop.test', role: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const hire = await json<{ id: string; email: string; role: string; password: string }>(created);
    expect(hire).toMatchObject({ email: 'new.hire@shop.test', role: 'viewer', password: expect.stringMatching(/^[A-Za-z0-9]{20}$/) });
    // The one-time password signs in (and must then be changed), and is never shown again.
    expect((await signInRequest(t, hire.email, hire.password)).status).toBe(201);
    const list = await json<{ data: ConsoleStaffView[] }>(await admin.call('GET', '/staff'));
    expect(list.data.map((s) => [s.email, s.role, s.mustChangePassword])).toEqual(expect.arrayContaining([[admin.email, 'admin', false], [hire.email, 'viewer', true]]));
    expect(JSON.stringify(list)).not.toContain(hire.password);
    expect(JSON.stringify(list)).not.toContain('scrypt');

    const promoted = await admin.call('PATCH', `/staff/${hire.id}`, { role: 'operator' });
    expect(await json(promoted)).toMatchObject({ id: hire.id, role: 'operator' });
    expect((await t.deps.store.staff.get(t.merchant.id, hire.id))?.role).toBe('operator');

    expect((await admin.call('DELETE', `/staff/${hire.id}`)).status).toBe(204);
    expect(await t.deps.store.staff.get(t.merchant.id, hire.id)).toBeNull();
    expect((await signInRequest(t, hire.email, hire.password)).status).toBe(401);
    expect(await auditActions(t)).toEqual(
      expect.arrayContaining([`staff:${admin.email} staff.staff.create success`, `staff:${admin.email} staff.staff.role success`, `staff:${admin.email} staff.staff.remove success`, `staff:${admin.email} staff.staff.list success`]),
    );
  });

  it('refuses an admin demoting or removing themselves, a duplicate email, and a bad role, changing nothing', async () => {
    const admin = await signedIn(t, 'admin');
    const self = (await t.deps.store.staff.getByEmail(admin.email))!;
    expect((await json(await admin.call('PATCH', `/staff/${self.id}`, { role: 'viewer' })))).toMatchObject({ error: { code: 'conflict' } });
    expect((await admin.call('DELETE', `/staff/${self.id}`)).status).toBe(409);
    expect((await admin.call('POST', '/staff', { email: admin.email, role: 'viewer' })).status).toBe(409);
    const bad = await json<{ error: { code: string; field: string; message: string } }>(await admin.call('POST', '/staff', { email: 'x@shop.test', role: 'owner' }));
    expect(bad.error).toMatchObject({ code: 'invalid_request', field: 'role', message: 'role must be one of: admin, operator, viewer' });
    expect((await t.deps.store.staff.get(t.merchant.id, self.id))?.role).toBe('admin');
    expect(await t.deps.store.staff.getByEmail('x@shop.test')).toBeNull();
  });

  it('leaves an enabled admin when two admins demote or remove each other at the same moment', async () => {
    for (const [method, body, ok] of [['PATCH', { role: 'viewer' }, 200], ['DELETE', undefined, 204]] as const) {
      const [a, b] = [await signedIn(t, 'admin'), await signedIn(t, 'admin')];
      // Admins left over from the previous round step down first, so a and b are the only two.
      for (const s of await t.deps.store.staff.listForMerchant(t.merchant.id)) {
        if (s.role === 'admin' && s.email !== a.email && s.email !== b.email) await t.deps.store.staff.setRole(t.merchant.id, s.id, 'viewer');
      }
      const [aId, bId] = [(await t.deps.store.staff.getByEmail(a.email))!.id, (await t.deps.store.staff.getByEmail(b.email))!.id];
      const answers = await Promise.all([a.call(method, `/staff/${bId}`, body), b.call(method, `/staff/${aId}`, body)]);
      // One wins. The other is refused: 409 when the store saw the first change, or 403 (401 when
      // removed) when its caller had already been demoted (removed) before its own request was checked.
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((st) => st === ok), method).toHaveLength(1);
      const refused = answers.find((r) => r.status !== ok)!;
      expect([401, 403, 409], method).toContain(refused.status);
      if (refused.status === 409) expect(await json(refused), method).toMatchObject({ error: { code: 'last_enabled_admin', field: 'id' } });
      const admins = (await t.deps.store.staff.listForMerchant(t.merchant.id)).filter((s) => s.role === 'admin' && s.disabledAt === null);
      expect(admins, method).toHaveLength(1);
    }
  });

  it('refuses a viewer\'s or an operator\'s forged request (valid session and CSRF token) on the server, and audits it', async () => {
    const target = await staffOf(t, 'viewer');
    for (const role of ['viewer', 'operator'] as const) {
      const who = await signedIn(t, role);
      const attempts = [
        await who.call('GET', '/staff'),
        await who.call('POST', '/staff', { email: `forged-${role}@shop.test`, role: 'admin' }),
        await who.call('PATCH', `/staff/${target.id}`, { role: 'admin' }),
        await who.call('DELETE', `/staff/${target.id}`),
        await who.call('POST', `/staff/${target.id}/disable`, {}),
        await who.call('POST', `/staff/${target.id}/enable`, {}),
      ];
      for (const res of attempts) expect(await json(res)).toMatchObject({ error: { code: 'forbidden' } });
      expect(await auditActions(t)).toEqual(
        expect.arrayContaining(['list', 'create', 'role', 'remove', 'disable', 'enable'].map((a) => `staff:${who.email} staff.staff.${a} failure`)),
      );
    }
    expect(await t.deps.store.staff.get(t.merchant.id, target.id)).toMatchObject({ role: 'viewer', disabledAt: null });
    expect(await t.deps.store.staff.getByEmail('forged-viewer@shop.test')).toBeNull();
  });

  it('refuses a change without the CSRF token, and another merchant\'s staff id answers like a missing one', async () => {
    const admin = await signedIn(t, 'admin');
    const noCsrf = await admin.call('POST', '/staff', { email: 'csrf@shop.test', role: 'viewer' }, { 'x-csrf-token': '' });
    expect(noCsrf.status).toBe(403);
    expect(await t.deps.store.staff.getByEmail('csrf@shop.test')).toBeNull();
    const theirs = await staffOf(t, 'viewer', t.other.id);
    for (const [method, suffix, body] of [['PATCH', '', { role: 'admin' }], ['POST', '/disable', {}], ['POST', '/enable', {}], ['DELETE', '', undefined]] as const) {
      const foreign = await admin.call(method, `/staff/${theirs.id}${suffix}`, body);
      const missing = await admin.call(method, `/staff/stf_missing${suffix}`, body);
      expect(foreign.status).toBe(404);
      expect((await json<{ error: { message: string } }>(foreign)).error.message).toBe((await json<{ error: { message: string } }>(missing)).error.message);
    }
    expect(await t.deps.store.staff.get(t.other.id, theirs.id)).toMatchObject({ role: 'viewer', disabledAt: null });
    expect((await json<{ data: ConsoleStaffView[] }>(await admin.call('GET', '/staff'))).data.map((s) => s.id)).not.toContain(theirs.id);
  });
});

describe('disabling and enabling a staff account (admin)', () => {
  /** A sign-in answer without what differs between any two requests (the request id). */
  const signInAnswer = async (email: string, password: string) => {
    const res = await signInRequest(t, email, password);
    const body = await json<{ error: Record<string, unknown> }>(res);
    delete body.error.requestId;
    return { status: res.status, body, cookie: res.headers.get('set-cookie'), retryAfter: res.headers.get('retry-after') };
  };

  it('ends the live sessions at once, refuses sign-in exactly like a wrong password, keeps the role, and enables again; each audited', async () => {
    const admin = await signedIn(t, 'admin');
    const op = await signedIn(t, 'operator');
    const opRecord = (await t.deps.store.staff.getByEmail(op.email))!;
    expect((await op.call('GET', '/session')).status).toBe(200);

    const res = await admin.call('POST', `/staff/${opRecord.id}/disable`, {});
    expect(res.status).toBe(200);
    const view = await json<ConsoleStaffView>(res);
    expect(view).toMatchObject({ id: opRecord.id, email: op.email, role: 'operator', disabledAt: t.deps.clock.now().toISOString() });
    // The session they had is refused on its next request (the console then shows the sign-in form).
    expect(await json(await op.call('GET', '/customers?q=x'))).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await op.call('GET', '/session')).status).toBe(401);
    // The right password answers exactly as a wrong one.
    const rightPassword = await signInAnswer(op.email, op.password);
    expect(rightPassword).toEqual(await signInAnswer(op.email, 'not the password at all'));
    expect(rightPassword).toMatchObject({ status: 401, body: { error: { code: 'unauthorized', message: 'Wrong email or password.' } }, cookie: null });
    expect(await t.deps.store.staff.get(t.merchant.id, opRecord.id)).toMatchObject({ role: 'operator', disabledAt: view.disabledAt });
    const listed = (await json<{ data: ConsoleStaffView[] }>(await admin.call('GET', '/staff'))).data.find((s) => s.id === opRecord.id);
    expect(listed).toMatchObject({ role: 'operator', disabledAt: view.disabledAt });
    // Disabling again changes nothing.
    expect(await json(await admin.call('POST', `/staff/${opRecord.id}/disable`, {}))).toMatchObject({ disabledAt: view.disabledAt });

    const enabled = await admin.call('POST', `/staff/${opRecord.id}/enable`, {});
    expect(await json(enabled)).toMatchObject({ id: opRecord.id, role: 'operator', disabledAt: null });
    expect((await signInRequest(t, op.email, op.password)).status).toBe(201);
    // The old session stays ended: enabling does not bring it back.
    expect((await op.call('GET', '/session')).status).toBe(401);

    const audit = await t.deps.store.audit.search(t.merchant.id, { recordId: opRecord.id }, 50);
    const lines = audit.map((e) => `${e.actor} ${e.action} ${e.outcome} ${e.detail ?? ''}`.trim());
    expect(lines).toEqual(
      expect.arrayContaining([
        `staff:${admin.email} staff.staff.disable success`,
        `staff:${admin.email} staff_account.disable success ${op.email}`,
        `staff:${admin.email} staff.staff.enable success`,
        `staff:${admin.email} staff_account.enable success ${op.email}`,
      ]),
    );
    // The admins reading the audit log see why (right and wrong password alike).
    expect(lines.filter((l) => l === `staff:${op.email} staff.sign_in failure account disabled`)).toHaveLength(2);
  });

  it('counts sign-ins to a disabled account toward the lock, as wrong passwords are', async () => {
    const admin = await signedIn(t, 'admin');
    const disabled = await signedIn(t, 'viewer');
    const enabled = await signedIn(t, 'viewer');
    await admin.call('POST', `/staff/${(await t.deps.store.staff.getByEmail(disabled.email))!.id}/disable`, {});
    for (let i = 0; i < 9; i++) {
      expect(await signInAnswer(disabled.email, disabled.password)).toEqual(await signInAnswer(enabled.email, 'wrong password here'));
    }
    const tenth = await signInAnswer(disabled.email, disabled.password);
    expect(tenth).toEqual(await signInAnswer(enabled.email, 'wrong password here'));
    expect(tenth).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
  });

  it('refuses an admin disabling themselves (cannot_disable_self) and changes nothing', async () => {
    const admin = await signedIn(t, 'admin');
    const self = (await t.deps.store.staff.getByEmail(admin.email))!;
    const res = await admin.call('POST', `/staff/${self.id}/disable`, {});
    expect(res.status).toBe(409);
    expect((await json<{ error: Record<string, string> }>(res)).error).toMatchObject({ code: 'cannot_disable_self', field: 'id', message: 'You cannot disable your own account; another admin can.' });
    expect(await t.deps.store.staff.get(t.merchant.id, self.id)).toMatchObject({ disabledAt: null });
    expect((await admin.call('GET', '/session')).status).toBe(200);
    expect(await auditActions(t)).toContain(`staff:${admin.email} staff.staff.disable failure`);
    expect(await auditActions(t)).not.toContain(`staff:${admin.email} staff_account.disable success`);
    // A body is not expected; a wrong one is refused with a code.
    expect(await json(await admin.call('POST', `/staff/${self.id}/enable`, { role: 'admin' }))).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('refuses a session of an account disabled after it was created (a sign-in racing the disable)', async () => {
    const viewer = await signedIn(t, 'viewer');
    const record = (await t.deps.store.staff.getByEmail(viewer.email))!;
    // The store alone: the account is disabled but its session row is still there.
    await t.deps.store.staff.disable(t.merchant.id, record.id, t.deps.clock.now().toISOString());
    expect((await viewer.call('GET', '/session')).status).toBe(401);
  });
});
