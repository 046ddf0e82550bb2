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

  it('refuses a viewer\'s or an operator\'s forged request (valid session and CSRF token) on the server, and audits it', async () => {
    const target = await staffOf(t, 'viewer');
    for (const role of ['viewer', 'operator'] as const) {
      const who = await signedIn(t, role);
      const attempts = [
        await who.call('GET', '/staff'),
        await who.call('POST', '/staff', { email: `forged-${role}@shop.test`, role: 'admin' }),
        await who.call('PATCH', `/staff/${target.id}`, { role: 'admin' }),
        await who.call('DELETE', `/staff/${target.id}`),
      ];
      for (const res of attempts) expect(await json(res)).toMatchObject({ error: { code: 'forbidden' } });
      expect(await auditActions(t)).toEqual(
        expect.arrayContaining(['list', 'create', 'role', 'remove'].map((a) => `staff:${who.email} staff.staff.${a} failure`)),
      );
    }
    expect(await t.deps.store.staff.get(t.merchant.id, target.id)).toMatchObject({ role: 'viewer' });
    expect(await t.deps.store.staff.getByEmail('forged-viewer@shop.test')).toBeNull();
  });

  it('refuses a change without the CSRF token, and another merchant\'s staff id answers like a missing one', async () => {
    const admin = await signedIn(t, 'admin');
    const noCsrf = await admin.call('POST', '/staff', { email: 'csrf@shop.test', role: 'viewer' }, { 'x-csrf-token': '' });
    expect(noCsrf.status).toBe(403);
    expect(await t.deps.store.staff.getByEmail('csrf@shop.test')).toBeNull();
    const theirs = await staffOf(t, 'viewer', t.other.id);
    for (const [method, body] of [['PATCH', { role: 'admin' }], ['DELETE', undefined]] as const) {
      const foreign = await admin.call(method, `/staff/${theirs.id}`, body);
      const missing = await admin.call(method, '/staff/stf_missing', body);
      expect(foreign.status).toBe(404);
      expect((await json<{ error: { message: string } }>(foreign)).error.message).toBe((await json<{ error: { message: string } }>(missing)).error.message);
    }
    expect(await t.deps.store.staff.get(t.other.id, theirs.id)).toMatchObject({ role: 'viewer' });
    expect((await json<{ data: ConsoleStaffView[] }>(await admin.call('GET', '/staff'))).data.map((s) => s.id)).not.toContain(theirs.id);
  });
});
