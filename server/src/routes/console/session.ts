import { StaffPasswordChange, StaffSignIn, type ConsoleSessionView } from '@cim/shared';
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../../deps.ts';
import { changeStaffPassword, csrfTokenFor, signIn, signOut, SESSION_MS } from '../../domain/staff-sessions.ts';
import { CimError } from '../../errors.ts';
import type { AppEnv } from '../../http/env.ts';
import { requireStaff } from '../../http/staff-auth.ts';
import { sameOrigin, staffCookie } from '../../http/staff-cookie.ts';
import { validate } from '../../http/validate.ts';

/** Mounted at /console/api/session: sign in (POST), who am I (GET), sign out (DELETE), change password. */
export function consoleSession(deps: AppDeps) {
  const cookie = staffCookie(deps.config);
  // These work while the one-time password must still be replaced; nothing else does.
  const signedIn = requireStaff(deps, { duringPasswordChange: true });
  return new Hono<AppEnv>()
    .post('/', validate('json', StaffSignIn), async (c) => {
      // Login CSRF: a JSON body cannot be sent cross-site without a preflight we never answer,
      // and a browser's Origin must be ours.
      if (!sameOrigin(c, deps.config)) throw new CimError('forbidden', 'Sign in from the console page itself.');
      const { email, password } = c.req.valid('json');
      const { token, staff, expiresAt } = await signIn(deps, { email, password, clientAddress: c.get('clientAddress') });
      setCookie(c, cookie.name, token, { ...cookie.options, ...(cookie.prefix && { prefix: cookie.prefix }), maxAge: SESSION_MS / 1000 });
      return c.json({ staff: { id: staff.id, email: staff.email, role: staff.role }, mustChangePassword: staff.passwordMustChange, expiresAt }, 201);
    })
    .get('/', signedIn, async (c) => {
      const { staff } = c.var;
      const merchant = await deps.store.merchants.getById(staff.merchantId);
      const view: ConsoleSessionView = {
        staff: { id: staff.id, email: staff.email, role: staff.role },
        mustChangePassword: staff.passwordMustChange,
        merchant: { id: staff.merchantId, name: merchant?.name ?? '' },
        csrfToken: csrfTokenFor(c.var.staffToken),
        expiresAt: c.var.staffSession.expiresAt,
      };
      return c.json(view, 200, { 'Cache-Control': 'no-store' });
    })
    .post('/password', signedIn, validate('json', StaffPasswordChange), async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json');
      await changeStaffPassword(deps, c.var.staffSession, c.var.staff, { currentPassword, newPassword, clientAddress: c.get('clientAddress') });
      return c.body(null, 204);
    })
    .delete('/', signedIn, async (c) => {
      await signOut(deps, c.var.staffToken, c.var.staff, c.get('clientAddress'));
      deleteCookie(c, cookie.name, { path: cookie.options.path, secure: cookie.options.secure, ...(cookie.prefix && { prefix: cookie.prefix }) });
      return c.body(null, 204);
    });
}
