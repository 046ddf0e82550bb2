import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { StaffRole } from '@cim/shared';
import type { AppDeps } from '../deps.ts';
import { audit } from '../domain/audit.ts';
import { roleAllows } from '../domain/staff.ts';
import { csrfMatches, resolveStaffSession, staffActor } from '../domain/staff-sessions.ts';
import { CimError } from '../errors.ts';
import type { AppEnv } from './env.ts';
import { staffCookie, sameOrigin } from './staff-cookie.ts';

export const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Console API authentication: the session cookie, and on every change the CSRF token in a
 * header plus a same-origin Origin. SameSite=Strict already keeps the cookie off cross-site
 * requests; the token and the Origin check hold even where a browser gets SameSite wrong.
 */
export function requireStaff(deps: AppDeps, options: { duringPasswordChange?: boolean } = {}) {
  const cookie = staffCookie(deps.config);
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = getCookie(c, cookie.name, cookie.prefix) ?? '';
    const found = token ? await resolveStaffSession(deps, token) : null;
    if (!found) throw new CimError('unauthorized', 'Sign in to the console first.');
    const { staff } = found;
    if (staff.passwordMustChange && !options.duringPasswordChange) {
      throw new CimError('password_change_required', 'Choose a new password first: the one-time password only lets you do that.');
    }
    c.set('staff', staff);
    c.set('staffToken', token);
    c.set('staffSession', found.session);
    c.set('domain', { store: deps.store, keyring: deps.keyring, clock: deps.clock, merchantId: staff.merchantId, actor: staffActor(staff), clientAddress: c.get('clientAddress') });
    if (!SAFE_METHODS.has(c.req.method)) {
      if (!sameOrigin(c, deps.config) || !csrfMatches(token, c.req.header(CSRF_HEADER))) {
        await audit(c.var.domain, deps.store, `staff.${c.req.method.toLowerCase()}`, { type: 'console', id: null }, 'failure', 'refused: missing or wrong CSRF token or Origin');
        throw new CimError('forbidden', 'This change was refused: reload the console and try again (CSRF check failed).');
      }
    }
    await next();
  });
}

/**
 * One staff action: refuses (and audits) a role that may not do it, then audits the outcome.
 * Every console API route goes through this, so every staff action leaves an audit entry.
 */
export function staffAction(action: string, needs: StaffRole = 'viewer', recordType: string | null = null) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const staff = c.var.staff;
    const recordId = c.req.param('id') ?? null;
    const record = { type: recordType ?? 'console', id: recordId };
    if (!roleAllows(staff.role, needs)) {
      await audit(c.var.domain, c.var.domain.store, `staff.${action}`, record, 'failure', `refused: role ${staff.role} may not do this (needs ${needs})`);
      throw new CimError('forbidden', `Your role (${staff.role}) may not do this; it needs ${needs}.`);
    }
    await next();
    const failed = c.error !== undefined || c.res.status >= 400;
    const code = c.error instanceof CimError ? c.error.code : failed ? `status ${c.res.status}` : null;
    await audit(c.var.domain, c.var.domain.store, `staff.${action}`, record, failed ? 'failure' : 'success', code);
  });
}
