import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStaff } from '../../domain/staff.ts';
import { IDLE_MS, MAX_FAILED_SIGN_INS } from '../../domain/staff-sessions.ts';
import { makeTestApp } from '../../test-support.ts';
import { auditActions, NEW_PASSWORD, ORIGIN, signedIn, signInRequest, staffOf, type TestApp } from './console-fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.cleanup());

describe('console sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie scoped to /console and says who signed in', async () => {
    const staff = await staffOf(t, 'operator');
    const res = await signInRequest(t, staff.email.toUpperCase(), staff.password);
    expect(res.status).toBe(201);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^cim_console=cst_[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toMatch(/Secure/); // plain-HTTP development only; see the HTTPS test
    const me = await t.app.request('/console/api/session', { headers: { cookie: cookie.split(';')[0]! } });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(await me.json()).toMatchObject({ staff: { email: staff.email, role: 'operator' }, merchant: { id: t.merchant.id, name: 'Test Shop' }, csrfToken: expect.any(String) });
    expect(await auditActions(t)).toContain(`staff:${staff.email} staff.sign_in success`);
  });

  it('under HTTPS the cookie is __Host-, Secure and Path=/', async () => {
    const https = await makeTestApp({ env: { CIM_PUBLIC_URL: 'https://cim.example' } });
    try {
      const staff = await createStaff(https.deps, { merchantId: https.merchant.id, email: 'a@shop.test', role: 'admin' });
      const res = await signInRequest(https, staff.email, staff.password, { origin: 'https://cim.example' });
      expect(res.status).toBe(201);
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^__Host-cim_console=/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/Path=\/;/);
    } finally {
      await https.cleanup();
    }
  });

  it('answers a wrong password and an unknown email alike, and audits both', async () => {
    const staff = await staffOf(t, 'viewer');
    const wrong = await signInRequest(t, staff.email, 'not-the-password');
    const unknown = await signInRequest(t, 'nobody@shop.test', 'whatever');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [(await wrong.json()) as { error: { code: string; message: string } }, (await unknown.json()) as { error: { code: string; message: string } }];
    expect(a.error.message).toBe(b.error.message);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await auditActions(t)).toContain(`staff:${staff.email} staff.sign_in failure`);
  });

  it('locks the account after 10 failures, even for the right password, for 15 minutes', async () => {
    const staff = await staffOf(t, 'admin');
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) expect((await signInRequest(t, staff.email, `wrong-${i}`)).status).toBe(401);
    const tenth = await signInRequest(t, staff.email, 'wrong-10');
    expect(tenth.status).toBe(429);
    expect(tenth.headers.get('retry-after')).toBe('900');
    const right = await signInRequest(t, staff.email, staff.password);
    expect(right.status).toBe(429);
    expect(((await right.json()) as { error: { message: string } }).error.message).toMatch(/locked/);
    t.clock.advance(15 * 60_000);
    expect((await signInRequest(t, staff.email, staff.password)).status).toBe(201);
    const row = await t.deps.store.staff.getByEmail(staff.email);
    expect(row).toMatchObject({ failedSignIns: 0, lockedUntil: null });
    expect((await auditActions(t)).filter((a) => a.endsWith('staff.sign_in failure'))).toHaveLength(MAX_FAILED_SIGN_INS + 1);
  });

  it('counts concurrent wrong passwords exactly: 10 at once lock the account', async () => {
    const staff = await staffOf(t, 'admin');
    const answers = await Promise.all(Array.from({ length: MAX_FAILED_SIGN_INS }, (_, i) => signInRequest(t, staff.email, `wrong-${i}`)));
    expect(answers.map((r) => r.status).sort()).toEqual([...Array(MAX_FAILED_SIGN_INS - 1).fill(401), 429]);
    expect((await signInRequest(t, staff.email, staff.password)).status).toBe(429);
  });

  it('refuses a sign-in posted from another origin (login CSRF) and bad bodies, writing no session', async () => {
    const staff = await staffOf(t, 'admin');
    expect((await signInRequest(t, staff.email, staff.password, { origin: 'https://evil.example' })).status).toBe(403);
    const form = await t.app.request('/console/api/session', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body: `email=${staff.email}&password=${staff.password}` });
    expect(form.status).toBe(415);
    const extra = await t.app.request('/console/api/session', { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ email: staff.email, password: staff.password, role: 'admin' }) });
    expect(extra.status).toBe(400);
    expect(await t.deps.store.staffSessions.deleteExpiredBefore('9999-01-01T00:00:00Z')).toBe(0);
  });

  it('signs out: the cookie is cleared and the session no longer works', async () => {
    const c = await signedIn(t, 'viewer');
    const out = await c.call('DELETE', '/session');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/cim_console=;/);
    expect((await c.call('GET', '/session')).status).toBe(401);
    expect(await auditActions(t)).toContain(`staff:${c.email} staff.sign_out success`);
  });

  it('ends a session unused for 30 minutes', async () => {
    const c = await signedIn(t, 'viewer');
    t.clock.advance(IDLE_MS - 1000);
    expect((await c.call('GET', '/session')).status).toBe(200);
    t.clock.advance(IDLE_MS - 1000);
    expect((await c.call('GET', '/session')).status).toBe(200);
    t.clock.advance(IDLE_MS);
    expect((await c.call('GET', '/session')).status).toBe(401);
  });

  it('lets the one-time password do nothing but choose a new one; the new one works, the old one and other sessions do not', async () => {
    const c = await signedIn(t, 'admin', undefined, { keepOneTimePassword: true });
    expect(await (await c.call('GET', '/session')).json()).toMatchObject({ mustChangePassword: true });
    const blocked = await c.call('GET', '/customers?q=1');
    expect(blocked.status).toBe(403);
    expect(await blocked.json()).toMatchObject({ error: { code: 'password_change_required' } });
    const second = await signInRequest(t, c.email, c.password);
    const otherCookie = /^(cim_console=[^;]+)/.exec(second.headers.get('set-cookie') ?? '')![1]!;

    expect((await c.call('POST', '/session/password', { currentPassword: c.password, newPassword: 'short' })).status).toBe(400);
    expect((await c.call('POST', '/session/password', { currentPassword: 'wrong', newPassword: NEW_PASSWORD })).status).toBe(400);
    expect((await c.call('POST', '/session/password', { currentPassword: c.password, newPassword: NEW_PASSWORD }, { 'x-csrf-token': 'nope' })).status).toBe(403);
    expect((await c.call('POST', '/session/password', { currentPassword: c.password, newPassword: NEW_PASSWORD })).status).toBe(204);

    expect(await (await c.call('GET', '/session')).json()).toMatchObject({ mustChangePassword: false });
    expect((await c.call('GET', '/customers?q=1')).status).toBe(200);
    expect((await t.app.request('/console/api/session', { headers: { cookie: otherCookie } })).status).toBe(401);
    expect((await signInRequest(t, c.email, c.password)).status).toBe(401);
    expect((await signInRequest(t, c.email, NEW_PASSWORD)).status).toBe(201);
    expect(await auditActions(t)).toEqual(expect.arrayContaining([`staff:${c.email} staff.password_change failure`, `staff:${c.email} staff.password_change success`]));
  });

  it('refuses a forged or missing cookie', async () => {
    expect((await t.app.request('/console/api/session')).status).toBe(401);
    expect((await t.app.request('/console/api/session', { headers: { cookie: 'cim_console=cst_' + 'A'.repeat(43) } })).status).toBe(401);
    expect((await t.app.request('/console/api/customers?q=1', { headers: { cookie: 'cim_console=garbage' } })).status).toBe(401);
  });
});
