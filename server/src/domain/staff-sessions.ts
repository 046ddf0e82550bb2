import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { CimError } from '../errors.ts';
import { newSecret } from '../ids.ts';
import type { StaffRecord, StaffSessionRecord, Store } from '../store/types.ts';
import { auditAuthFailure } from './audit.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';

/** Ten wrong passwords in a row lock the account for a quarter of an hour. */
export const MAX_FAILED_SIGN_INS = 10;
export const LOCK_MS = 15 * 60_000;
/** A console session lasts a working day at most, and ends after half an hour unused. */
export const SESSION_MS = 8 * 60 * 60_000;
export const IDLE_MS = 30 * 60_000;
/** Last-seen is written at most once a minute, not on every request. */
const TOUCH_EVERY_MS = 60_000;

type Deps = { store: Store; clock: Clock };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * The CSRF token of a session: derived from the cookie value, which page scripts cannot read
 * (HttpOnly), so only a page that was told it by GET /console/api/session can send it back.
 */
export const csrfTokenFor = (sessionToken: string) => createHmac('sha256', sessionToken).update('cim-console-csrf').digest('base64url');

export function csrfMatches(sessionToken: string, presented: string | undefined): boolean {
  const a = Buffer.from(csrfTokenFor(sessionToken));
  const b = Buffer.from(presented ?? '');
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface SignedIn {
  token: string;
  staff: StaffRecord;
  expiresAt: string;
}

const staffActor = (s: Pick<StaffRecord, 'email'>) => `staff:${s.email}`;

async function auditStaff(deps: Deps, staff: StaffRecord, action: string, outcome: 'success' | 'failure', clientAddress: string | null, detail: string | null = null) {
  await deps.store.audit.insert({ merchantId: staff.merchantId, actor: staffActor(staff), action, recordType: 'staff', recordId: staff.id, outcome, clientAddress, detail, at: deps.clock.now().toISOString() });
}

/**
 * Checks an email and password. Every failure answers the same "wrong email or password",
 * except a locked account, which says so (the shopkeeper needs to know to wait or ask an admin).
 */
export async function signIn(deps: Deps, input: { email: string; password: string; clientAddress: string | null }): Promise<SignedIn> {
  const email = input.email.trim().toLowerCase();
  const staff = email ? await deps.store.staff.getByEmail(email) : null;
  const now = deps.clock.now();
  const wrong = new CimError('unauthorized', 'Wrong email or password.');
  if (!staff) {
    await verifyPassword(input.password, await decoyHash());
    await auditAuthFailure(deps, 'console', input.clientAddress, 'console sign-in with an unknown email');
    throw wrong;
  }
  if (staff.lockedUntil !== null && staff.lockedUntil > now.toISOString()) {
    await auditStaff(deps, staff, 'staff.sign_in', 'failure', input.clientAddress, 'account locked');
    throw lockedError(staff.lockedUntil, now);
  }
  // A disabled account answers exactly as a wrong password does (same check, same count toward
  // the lock, same error), so sign-in does not tell who has been disabled.
  const passwordOk = await verifyPassword(input.password, staff.passwordHash);
  if (!passwordOk || staff.disabledAt !== null) {
    const after = await deps.store.staff.recordFailedSignIn(staff.id, now.toISOString(), MAX_FAILED_SIGN_INS, new Date(now.getTime() + LOCK_MS).toISOString());
    const lockedNow = after?.lockedUntil != null && after.lockedUntil > now.toISOString();
    const reason = staff.disabledAt !== null ? 'account disabled' : 'wrong password';
    await auditStaff(deps, staff, 'staff.sign_in', 'failure', input.clientAddress, lockedNow ? `${reason}; locked after ${after.failedSignIns} failures` : reason);
    if (lockedNow) throw lockedError(after.lockedUntil!, now);
    throw wrong;
  }
  if (staff.failedSignIns > 0 || staff.lockedUntil !== null) await deps.store.staff.clearFailedSignIns(staff.id);
  // Sign-ins are rare enough to carry the clean-up of sessions that have run out.
  await deps.store.staffSessions.deleteExpiredBefore(now.toISOString());
  const token = newSecret('cst');
  const expiresAt = new Date(now.getTime() + SESSION_MS).toISOString();
  await deps.store.staffSessions.insert({ tokenHash: sha256(token), staffId: staff.id, merchantId: staff.merchantId, createdAt: now.toISOString(), lastSeenAt: now.toISOString(), expiresAt });
  await auditStaff(deps, staff, 'staff.sign_in', 'success', input.clientAddress);
  return { token, staff, expiresAt };
}

function lockedError(until: string, now: Date) {
  return new CimError('rate_limited', 'Too many failed sign-ins: this account is locked for 15 minutes.', { retryAfter: (Date.parse(until) - now.getTime()) / 1000 });
}

/** The staff member behind a session cookie, or null when it is unknown, expired, idle too long, or the account is disabled. */
export async function resolveStaffSession(deps: Deps, token: string): Promise<{ session: StaffSessionRecord; staff: StaffRecord } | null> {
  if (!/^cst_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const session = await deps.store.staffSessions.getByTokenHash(sha256(token));
  if (!session) return null;
  const now = deps.clock.now();
  if (session.expiresAt <= now.toISOString() || Date.parse(session.lastSeenAt) + IDLE_MS <= now.getTime()) {
    await deps.store.staffSessions.delete(session.tokenHash);
    return null;
  }
  const staff = await deps.store.staff.get(session.merchantId, session.staffId);
  // Disabling deletes the account's sessions; this also refuses one a sign-in created while the disable committed.
  if (!staff || staff.disabledAt !== null) return null;
  if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) await deps.store.staffSessions.touch(session.tokenHash, now.toISOString());
  return { session, staff };
}

export async function signOut(deps: Deps, token: string, staff: StaffRecord, clientAddress: string | null): Promise<void> {
  await deps.store.staffSessions.delete(sha256(token));
  await auditStaff(deps, staff, 'staff.sign_out', 'success', clientAddress);
}

/**
 * Replaces a staff member's password after checking the current one (a stolen session alone
 * cannot take over the account). Every other session of theirs ends.
 */
export async function changeStaffPassword(deps: Deps, session: StaffSessionRecord, staff: StaffRecord, input: { currentPassword: string; newPassword: string; clientAddress: string | null }): Promise<void> {
  if (!(await verifyPassword(input.currentPassword, staff.passwordHash))) {
    await auditStaff(deps, staff, 'staff.password_change', 'failure', input.clientAddress, 'wrong current password');
    throw new CimError('invalid_request', 'The current password is wrong.', { field: 'currentPassword' });
  }
  if (input.newPassword === input.currentPassword) throw new CimError('invalid_request', 'Choose a password different from the current one.', { field: 'newPassword' });
  if (input.newPassword.toLowerCase().includes(staff.email.split('@')[0]!.toLowerCase())) {
    throw new CimError('invalid_request', 'The new password must not contain your email name.', { field: 'newPassword' });
  }
  await deps.store.staff.setPassword(staff.merchantId, staff.id, await hashPassword(input.newPassword), false);
  await deps.store.staffSessions.deleteOthersOfStaff(staff.id, session.tokenHash);
  await auditStaff(deps, staff, 'staff.password_change', 'success', input.clientAddress);
}

export { staffActor };
