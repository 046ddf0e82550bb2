import type { SessionRecord, SessionStore } from '../types.ts';
import type { Executor } from './executor.ts';

interface SessionRow {
  id: string;
  token_hash: string;
  merchant_id: string;
  customer_id: number | null;
  merchant_customer_id: string | null;
  origin: string;
  mode: 'checkout' | 'vault';
  allow_remove: number;
  billing_address: 'postal' | 'full';
  collect_shipping: number;
  card_saves: number;
  created_at: string;
  expires_at: string;
  amount: string | null;
  currency: string | null;
}

const fromRow = (r: SessionRow): SessionRecord => ({
  id: r.id,
  tokenHash: r.token_hash,
  merchantId: r.merchant_id,
  customerId: r.customer_id === null ? null : String(r.customer_id),
  merchantCustomerId: r.merchant_customer_id,
  origin: r.origin,
  mode: r.mode,
  allowRemove: r.allow_remove === 1,
  billingAddress: r.billing_address,
  collectShipping: r.collect_shipping === 1,
  cardSaves: r.card_saves,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  ...(r.amount !== null && r.currency !== null && { amount: { value: r.amount, currency: r.currency } }),
});

export function sqliteSessions(x: Executor): SessionStore {
  const { db } = x;
  return {
    insert: (s) =>
      x.write(() => {
        db.run(
          'INSERT INTO checkout_sessions (id, token_hash, merchant_id, customer_id, merchant_customer_id, origin, mode, allow_remove, billing_address, collect_shipping, card_saves, created_at, expires_at, amount, currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          s.id, s.tokenHash, s.merchantId, s.customerId === null ? null : Number(s.customerId), s.merchantCustomerId, s.origin, s.mode,
          s.allowRemove ? 1 : 0, s.billingAddress, s.collectShipping ? 1 : 0, s.cardSaves, s.createdAt, s.expiresAt, s.amount?.value ?? null, s.amount?.currency ?? null,
        );
      }),
    getByTokenHash: async (tokenHash) => {
      const row = db.get<SessionRow>('SELECT * FROM checkout_sessions WHERE token_hash = ?', tokenHash);
      return row ? fromRow(row) : null;
    },
    get: async (merchantId, id) => {
      const row = db.get<SessionRow>('SELECT * FROM checkout_sessions WHERE id = ? AND merchant_id = ?', id, merchantId);
      return row ? fromRow(row) : null;
    },
    linkCustomer: (merchantId, id, customerId) =>
      x.write(
        () => db.run('UPDATE checkout_sessions SET customer_id = ? WHERE id = ? AND merchant_id = ? AND customer_id IS NULL', Number(customerId), id, merchantId).changes === 1,
      ),
    countCardSave: (merchantId, id, max) =>
      x.write(() => db.run('UPDATE checkout_sessions SET card_saves = card_saves + 1 WHERE id = ? AND merchant_id = ? AND card_saves < ?', id, merchantId, max).changes === 1),
    deleteExpiredBefore: (at) => x.write(() => db.run('DELETE FROM checkout_sessions WHERE expires_at < ?', at).changes),
  };
}
