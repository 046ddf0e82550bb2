import { expect } from 'vitest';
import type { StaffRole } from '@cim/shared';
import { createStaff } from '../../domain/staff.ts';
import type { makeTestApp } from '../../test-support.ts';

/** Helpers for the console route tests: staff accounts, a signed-in client with its cookie and CSRF token. */
export type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
export const ORIGIN = 'http://localhost:8787';

export interface ConsoleClient {
  email: string;
  cookie: string;
  csrf: string;
  /** A request as the signed-in browser (cookie; CSRF token and same Origin on changes unless overridden). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

let serial = 0;

export async function staffOf(t: TestApp, role: StaffRole, merchantId = t.merchant.id) {
  return createStaff(t.deps, { merchantId, email: `${role}${++serial}@shop.test`, role });
}

export function signInRequest(t: TestApp, email: string, password: string, headers: Record<string, string> = { origin: ORIGIN }) {
  return t.app.request('/console/api/session', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }) });
}

export const NEW_PASSWORD = 'correct horse battery staple';

/** A staff member signed in, who has already replaced the one-time password unless `keepOneTimePassword`. */
export async function signedIn(t: TestApp, role: StaffRole, merchantId?: string, options: { keepOneTimePassword?: boolean } = {}): Promise<ConsoleClient & { password: string }> {
  const staff = await staffOf(t, role, merchantId);
  const res = await signInRequest(t, staff.email, staff.password);
  expect(res.status, await res.clone().text()).toBe(201);
  const cookie = /^(cim_console=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  const session = (await (await t.app.request('/console/api/session', { headers: { cookie } })).json()) as { csrfToken: string };
  const call: ConsoleClient['call'] = async (method, path, body, headers = {}) =>
    t.app.request(`/console/api${path}`, {
      method,
      headers: {
        cookie,
        ...(method !== 'GET' && { origin: ORIGIN, 'x-csrf-token': session.csrfToken }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  let password = staff.password;
  if (!options.keepOneTimePassword) {
    const changed = await call('POST', '/session/password', { currentPassword: staff.password, newPassword: NEW_PASSWORD });
    expect(changed.status, await changed.clone().text()).toBe(204);
    password = NEW_PASSWORD;
  }
  return { email: staff.email, cookie, csrf: session.csrfToken, call, password };
}

export async function auditActions(t: TestApp, merchantId = t.merchant.id) {
  return (await t.deps.store.audit.search(merchantId, {}, 500)).map((e) => `${e.actor} ${e.action} ${e.outcome}`);
}
