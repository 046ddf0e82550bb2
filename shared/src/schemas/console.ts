import { z } from 'zod';
import { STAFF_PASSWORD_MIN, STAFF_ROLES, type StaffRole } from '../console-limits.ts';

/** The merchant console's request bodies and queries (server/src/routes/console/). */

export const StaffSignIn = z
  .object({
    email: z.string().trim().min(1, 'email is required').max(254),
    password: z.string().min(1, 'password is required').max(200),
  })
  .strict();
export type StaffSignIn = z.infer<typeof StaffSignIn>;

export const StaffPasswordChange = z
  .object({
    currentPassword: z.string().min(1, 'currentPassword is required').max(200),
    newPassword: z.string().min(STAFF_PASSWORD_MIN, `newPassword must be at least ${STAFF_PASSWORD_MIN} characters`).max(200),
  })
  .strict();
export type StaffPasswordChange = z.infer<typeof StaffPasswordChange>;

/** One search box: a customer profile id, a merchantCustomerId or an email. */
export const ConsoleCustomerSearch = z.object({ q: z.string().trim().min(1, 'Type an id, a merchant customer id or an email.').max(254) }).strict();
export type ConsoleCustomerSearch = z.infer<typeof ConsoleCustomerSearch>;

const isoTime = z.iso.datetime({ offset: true }).or(z.iso.date());

export const ConsoleAuditQuery = z
  .object({
    actor: z.string().trim().min(1).max(300).optional(),
    action: z.string().trim().min(1).max(100).optional(),
    outcome: z.enum(['success', 'failure']).optional(),
    recordId: z.string().trim().min(1).max(100).optional(),
    since: isoTime.optional(),
    until: isoTime.optional(),
    cursor: z.string().regex(/^\d{1,18}$/, 'cursor must come from a previous page').optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();
export type ConsoleAuditQuery = z.infer<typeof ConsoleAuditQuery>;

export const ConsoleOrigin = z.object({ origin: z.string().trim().min(1, 'origin is required').max(300) }).strict();
export type ConsoleOrigin = z.infer<typeof ConsoleOrigin>;

/** POST /console/api/staff (admin): a new staff account; its one-time password is answered once. */
export const ConsoleStaffCreate = z.object({ email: z.email().max(254), role: z.enum(STAFF_ROLES) }).strict();
export type ConsoleStaffCreate = z.infer<typeof ConsoleStaffCreate>;

/** PATCH /console/api/staff/:id (admin). */
export const ConsoleStaffUpdate = z.object({ role: z.enum(STAFF_ROLES) }).strict();
export type ConsoleStaffUpdate = z.infer<typeof ConsoleStaffUpdate>;

/** One staff account as the console's staff page shows it (never its password hash). */
export interface ConsoleStaffView {
  id: string;
  email: string;
  role: StaffRole;
  /** Still on the one-time password. */
  mustChangePassword: boolean;
  /** Locked after too many failed sign-ins, until this time. */
  lockedUntil: string | null;
  createdAt: string;
  /** Disabled by an admin at this time (cannot sign in; role and history kept); null while enabled. */
  disabledAt: string | null;
}

/** What GET /console/api/session answers: who is signed in, and the CSRF token for changes. */
export interface ConsoleSessionView {
  staff: { id: string; email: string; role: StaffRole };
  /** The one-time password is still in use: nothing but choosing a new one is allowed. */
  mustChangePassword: boolean;
  merchant: { id: string; name: string };
  csrfToken: string;
  expiresAt: string;
}

/** One audit-log line as the console shows it. */
export interface ConsoleAuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  outcome: 'success' | 'failure';
  recordType: string | null;
  recordId: string | null;
  clientAddress: string | null;
  detail: string | null;
}
