import { NotFoundError } from '../../errors.ts';
import type { StaffRecord, StaffSessionRecord, StaffSessionStore, StaffStore } from '../types.ts';
import { affected, type Executor } from './database.ts';
import { iso, isoOrNull } from './values.ts';

interface StaffRow {
  id: string;
  merchant_id: string;
  email: string;
  role: StaffRecord['role'];
  password_hash: string;
  password_must_change: boolean;
  failed_sign_ins: number;
  locked_until: Date | null;
  created_at: Date;
  disabled_at: Date | null;
}

const fromRow = (r: StaffRow): StaffRecord => ({
  id: r.id,
  merchantId: r.merchant_id,
  email: r.email,
  role: r.role,
  passwordHash: r.password_hash,
  passwordMustChange: r.password_must_change,
  failedSignIns: r.failed_sign_ins,
  lockedUntil: isoOrNull(r.locked_until),
  createdAt: iso(r.created_at),
  disabledAt: isoOrNull(r.disabled_at),
});

/**
 * Locks the merchant's enabled admins ($1) in id order (so two of these never deadlock) before the
 * check below: of two admins disabled, demoted or removed concurrently, the second waits, sees the
 * first gone, and fails.
 */
const LOCK_ENABLED_ADMINS = `WITH enabled_admins AS (
  SELECT id FROM staff_accounts WHERE merchant_id = $1 AND role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE
)`;
/** The row ($1 merchant, $2 id) is not the merchant's last enabled admin. */
const ANOTHER_ENABLED_ADMIN = `(disabled_at IS NOT NULL OR role <> 'admin' OR EXISTS (SELECT 1 FROM enabled_admins WHERE enabled_admins.id <> $2))`;

/** A reference table (0009_staff.sql): sign-in looks staff up by email alone, across merchants. */
export function postgresStaff(x: Executor): StaffStore {
  const one = async (sql: string, params: unknown[]) => {
    const [row] = await x.query<StaffRow>(sql, params);
    return row ? fromRow(row) : null;
  };
  return {
    insert: async (s) => {
      await x.guarded(
        'INSERT INTO staff_accounts (id, merchant_id, email, role, password_hash, password_must_change, failed_sign_ins, locked_until, created_at, disabled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
        [s.id, s.merchantId, s.email, s.role, s.passwordHash, s.passwordMustChange, s.failedSignIns, s.lockedUntil, s.createdAt, s.disabledAt],
        'conflict',
        'A staff account with this email already exists.',
      );
    },
    getByEmail: (email) => one('SELECT * FROM staff_accounts WHERE email = $1', [email]),
    get: (merchantId, id) => one('SELECT * FROM staff_accounts WHERE merchant_id = $1 AND id = $2', [merchantId, id]),
    listForMerchant: async (merchantId) => (await x.query<StaffRow>('SELECT * FROM staff_accounts WHERE merchant_id = $1 ORDER BY email', [merchantId])).map(fromRow),
    // One statement (the row lock orders concurrent ones), so concurrent wrong passwords can neither skip the lock nor lose a count.
    recordFailedSignIn: (id, at, max, lockUntil) =>
      one(
        `UPDATE staff_accounts SET
           failed_sign_ins = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2::timestamptz THEN 1 ELSE failed_sign_ins + 1 END,
           locked_until = CASE
             WHEN locked_until IS NOT NULL AND locked_until <= $2::timestamptz THEN NULL
             WHEN failed_sign_ins + 1 >= $3::int AND locked_until IS NULL THEN $4::timestamptz
             ELSE locked_until END
         WHERE id = $1 RETURNING *`,
        [id, at, max, lockUntil],
      ),
    clearFailedSignIns: async (id) => {
      await x.query('UPDATE staff_accounts SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1', [id]);
    },
    setPassword: async (merchantId, id, passwordHash, mustChange) => {
      const n = await affected(x, 'UPDATE staff_accounts SET password_hash = $3, password_must_change = $4 WHERE merchant_id = $1 AND id = $2', [merchantId, id, passwordHash, mustChange]);
      if (n === 0) throw new NotFoundError('Staff account');
    },
    setRole: (merchantId, id, role) =>
      one(`${LOCK_ENABLED_ADMINS} UPDATE staff_accounts SET role = $3 WHERE merchant_id = $1 AND id = $2 AND ($3 = 'admin' OR ${ANOTHER_ENABLED_ADMIN}) RETURNING *`, [merchantId, id, role]),
    delete: async (merchantId, id) => (await affected(x, `${LOCK_ENABLED_ADMINS} DELETE FROM staff_accounts WHERE merchant_id = $1 AND id = $2 AND ${ANOTHER_ENABLED_ADMIN}`, [merchantId, id])) === 1,
    disable: (merchantId, id, at) =>
      one(
        `${LOCK_ENABLED_ADMINS}
         UPDATE staff_accounts SET disabled_at = COALESCE(disabled_at, $3::timestamptz)
         WHERE merchant_id = $1 AND id = $2 AND ${ANOTHER_ENABLED_ADMIN}
         RETURNING *`,
        [merchantId, id, at],
      ),
    enable: async (merchantId, id) => {
      const row = await one('UPDATE staff_accounts SET disabled_at = NULL WHERE merchant_id = $1 AND id = $2 RETURNING *', [merchantId, id]);
      if (!row) throw new NotFoundError('Staff account');
      return row;
    },
  };
}

interface SessionRow {
  token_hash: string;
  staff_id: string;
  merchant_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

const sessionFromRow = (r: SessionRow): StaffSessionRecord => ({
  tokenHash: r.token_hash,
  staffId: r.staff_id,
  merchantId: r.merchant_id,
  createdAt: iso(r.created_at),
  lastSeenAt: iso(r.last_seen_at),
  expiresAt: iso(r.expires_at),
});

/** A reference table too: a console cookie is found by its hash alone. */
export function postgresStaffSessions(x: Executor): StaffSessionStore {
  return {
    insert: async (s) => {
      await x.query(
        'INSERT INTO staff_sessions (token_hash, staff_id, merchant_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [s.tokenHash, s.staffId, s.merchantId, s.createdAt, s.lastSeenAt, s.expiresAt],
      );
    },
    getByTokenHash: async (tokenHash) => {
      const [row] = await x.query<SessionRow>('SELECT * FROM staff_sessions WHERE token_hash = $1', [tokenHash]);
      return row ? sessionFromRow(row) : null;
    },
    touch: async (tokenHash, at) => {
      await x.query('UPDATE staff_sessions SET last_seen_at = $2 WHERE token_hash = $1', [tokenHash, at]);
    },
    delete: async (tokenHash) => {
      await x.query('DELETE FROM staff_sessions WHERE token_hash = $1', [tokenHash]);
    },
    deleteOthersOfStaff: (staffId, keepTokenHash) => affected(x, 'DELETE FROM staff_sessions WHERE staff_id = $1 AND token_hash <> $2', [staffId, keepTokenHash]),
    deleteAllOfStaff: (merchantId, staffId) => affected(x, 'DELETE FROM staff_sessions WHERE merchant_id = $1 AND staff_id = $2', [merchantId, staffId]),
    deleteExpiredBefore: (at) => affected(x, 'DELETE FROM staff_sessions WHERE expires_at <= $1', [at]),
  };
}
