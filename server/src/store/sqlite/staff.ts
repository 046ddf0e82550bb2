import type { StaffRecord, StaffSessionRecord, StaffSessionStore, StaffStore } from '../types.ts';
import { NotFoundError } from '../../errors.ts';
import { insertOrDuplicate, type Executor } from './executor.ts';

interface StaffRow {
  id: string;
  merchant_id: string;
  email: string;
  role: StaffRecord['role'];
  password_hash: string;
  password_must_change: number;
  failed_sign_ins: number;
  locked_until: string | null;
  created_at: string;
  disabled_at: string | null;
}

const fromRow = (r: StaffRow): StaffRecord => ({
  id: r.id,
  merchantId: r.merchant_id,
  email: r.email,
  role: r.role,
  passwordHash: r.password_hash,
  passwordMustChange: r.password_must_change === 1,
  failedSignIns: r.failed_sign_ins,
  lockedUntil: r.locked_until,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

/**
 * The row (?1 merchant, ?2 id) is not the merchant's last enabled admin: it is disabled, not an
 * admin, or another enabled admin exists. Disabling, demoting and removing all keep one.
 */
const ANOTHER_ENABLED_ADMIN = `(disabled_at IS NOT NULL OR role <> 'admin'
  OR EXISTS (SELECT 1 FROM staff_accounts o WHERE o.merchant_id = ?1 AND o.role = 'admin' AND o.disabled_at IS NULL AND o.id <> ?2))`;

export function sqliteStaff(x: Executor): StaffStore {
  const { db } = x;
  return {
    insert: (s) =>
      x.write(() =>
        insertOrDuplicate(
          () =>
            db.run(
              'INSERT INTO staff_accounts (id, merchant_id, email, role, password_hash, password_must_change, failed_sign_ins, locked_until, created_at, disabled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
              s.id, s.merchantId, s.email, s.role, s.passwordHash, s.passwordMustChange ? 1 : 0, s.failedSignIns, s.lockedUntil, s.createdAt, s.disabledAt,
            ),
          'conflict',
          'A staff account with this email already exists.',
        ),
      ),
    getByEmail: async (email) => {
      const row = db.get<StaffRow>('SELECT * FROM staff_accounts WHERE email = ?', email);
      return row ? fromRow(row) : null;
    },
    get: async (merchantId, id) => {
      const row = db.get<StaffRow>('SELECT * FROM staff_accounts WHERE merchant_id = ? AND id = ?', merchantId, id);
      return row ? fromRow(row) : null;
    },
    listForMerchant: async (merchantId) => db.all<StaffRow>('SELECT * FROM staff_accounts WHERE merchant_id = ? ORDER BY email', merchantId).map(fromRow),
    recordFailedSignIn: (id, at, max, lockUntil) =>
      x.write(() => {
        // One statement, so concurrent wrong passwords can neither skip the lock nor lose a count.
        const row = db.get<StaffRow>(
          `UPDATE staff_accounts SET
             failed_sign_ins = CASE WHEN locked_until IS NOT NULL AND locked_until <= ?1 THEN 1 ELSE failed_sign_ins + 1 END,
             locked_until = CASE
               WHEN locked_until IS NOT NULL AND locked_until <= ?1 THEN NULL
               WHEN failed_sign_ins + 1 >= ?2 AND locked_until IS NULL THEN ?3
               ELSE locked_until END
           WHERE id = ?4 RETURNING *`,
          at, max, lockUntil, id,
        );
        return row ? fromRow(row) : null;
      }),
    clearFailedSignIns: (id) =>
      x.write(() => {
        db.run('UPDATE staff_accounts SET failed_sign_ins = 0, locked_until = NULL WHERE id = ?', id);
      }),
    setPassword: (merchantId, id, passwordHash, mustChange) =>
      x.write(() => {
        if (db.run('UPDATE staff_accounts SET password_hash = ?, password_must_change = ? WHERE merchant_id = ? AND id = ?', passwordHash, mustChange ? 1 : 0, merchantId, id).changes === 0) {
          throw new NotFoundError('Staff account');
        }
      }),
    setRole: (merchantId, id, role) =>
      x.write(() => {
        const row = db.get<StaffRow>(`UPDATE staff_accounts SET role = ?3 WHERE merchant_id = ?1 AND id = ?2 AND (?3 = 'admin' OR ${ANOTHER_ENABLED_ADMIN}) RETURNING *`, merchantId, id, role);
        return row ? fromRow(row) : null;
      }),
    delete: (merchantId, id) => x.write(() => db.run(`DELETE FROM staff_accounts WHERE merchant_id = ?1 AND id = ?2 AND ${ANOTHER_ENABLED_ADMIN}`, merchantId, id).changes === 1),
    disable: (merchantId, id, at) =>
      x.write(() => {
        // One statement: SQLite runs writes one at a time, so two admins disabling (demoting, removing) each other cannot both pass the check.
        const row = db.get<StaffRow>(
          `UPDATE staff_accounts SET disabled_at = COALESCE(disabled_at, ?3)
           WHERE merchant_id = ?1 AND id = ?2
             AND ${ANOTHER_ENABLED_ADMIN}
           RETURNING *`,
          merchantId, id, at,
        );
        return row ? fromRow(row) : null;
      }),
    enable: (merchantId, id) =>
      x.write(() => {
        const row = db.get<StaffRow>('UPDATE staff_accounts SET disabled_at = NULL WHERE merchant_id = ? AND id = ? RETURNING *', merchantId, id);
        if (!row) throw new NotFoundError('Staff account');
        return fromRow(row);
      }),
  };
}

interface SessionRow {
  token_hash: string;
  staff_id: string;
  merchant_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export function sqliteStaffSessions(x: Executor): StaffSessionStore {
  const { db } = x;
  return {
    insert: (s) =>
      x.write(() => {
        db.run(
          'INSERT INTO staff_sessions (token_hash, staff_id, merchant_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
          s.tokenHash, s.staffId, s.merchantId, s.createdAt, s.lastSeenAt, s.expiresAt,
        );
      }),
    getByTokenHash: async (tokenHash) => {
      const r = db.get<SessionRow>('SELECT * FROM staff_sessions WHERE token_hash = ?', tokenHash);
      return r ? ({ tokenHash: r.token_hash, staffId: r.staff_id, merchantId: r.merchant_id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at } satisfies StaffSessionRecord) : null;
    },
    touch: (tokenHash, at) =>
      x.write(() => {
        db.run('UPDATE staff_sessions SET last_seen_at = ? WHERE token_hash = ?', at, tokenHash);
      }),
    delete: (tokenHash) =>
      x.write(() => {
        db.run('DELETE FROM staff_sessions WHERE token_hash = ?', tokenHash);
      }),
    deleteOthersOfStaff: (staffId, keepTokenHash) =>
      x.write(() => Number(db.run('DELETE FROM staff_sessions WHERE staff_id = ? AND token_hash <> ?', staffId, keepTokenHash).changes)),
    deleteAllOfStaff: (merchantId, staffId) => x.write(() => Number(db.run('DELETE FROM staff_sessions WHERE merchant_id = ? AND staff_id = ?', merchantId, staffId).changes)),
    deleteExpiredBefore: (at) => x.write(() => Number(db.run('DELETE FROM staff_sessions WHERE expires_at <= ?', at).changes)),
  };
}
