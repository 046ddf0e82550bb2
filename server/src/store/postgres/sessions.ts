import type { SessionRecord, SessionStore } from '../types.ts';
import { affected, type Executor } from './database.ts';
import { idOrNull, iso } from './values.ts';

interface SessionRow {
  id: string;
  token_hash: string;
  merchant_id: string;
  customer_id: string | null;
  merchant_customer_id: string | null;
  origin: string;
  mode: 'checkout' | 'vault';
  allow_remove: boolean;
  billing_address: 'postal' | 'full';
  collect_shipping: boolean;
  card_saves: number;
  created_at: Date;
  expires_at: Date;
  amount: string | null;
  currency: string | null;
}

const fromRow = (r: SessionRow): SessionRecord => ({
  id: r.id,
  tokenHash: r.token_hash,
  merchantId: r.merchant_id,
  customerId: idOrNull(r.customer_id),
  merchantCustomerId: r.merchant_customer_id,
  origin: r.origin,
  mode: r.mode,
  allowRemove: r.allow_remove,
  billingAddress: r.billing_address,
  collectShipping: r.collect_shipping,
  cardSaves: r.card_saves,
  createdAt: iso(r.created_at),
  expiresAt: iso(r.expires_at),
  ...(r.amount !== null && r.currency !== null && { amount: { value: r.amount, currency: r.currency } }),
});

export function postgresSessions(x: Executor): SessionStore {
  const one = async (sql: string, params: unknown[]) => {
    const [row] = await x.query<SessionRow>(sql, params);
    return row ? fromRow(row) : null;
  };
  return {
    insert: async (s) => {
      await x.query(
        'INSERT INTO checkout_sessions (merchant_id, id, token_hash, customer_id, merchant_customer_id, origin, mode, allow_remove, billing_address, collect_shipping, card_saves, created_at, expires_at, amount, currency) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)',
        [s.merchantId, s.id, s.tokenHash, s.customerId, s.merchantCustomerId, s.origin, s.mode, s.allowRemove, s.billingAddress, s.collectShipping, s.cardSaves, s.createdAt, s.expiresAt, s.amount?.value ?? null, s.amount?.currency ?? null],
      );
    },
    // The widget knows only its bearer token, not the merchant: the one tenant lookup without merchant_id (docs/scaling.md).
    getByTokenHash: (tokenHash) => one('SELECT * FROM checkout_sessions WHERE token_hash = $1', [tokenHash]),
    get: (merchantId, id) => one('SELECT * FROM checkout_sessions WHERE merchant_id = $1 AND id = $2', [merchantId, id]),
    linkCustomer: async (merchantId, id, customerId) =>
      (await affected(x, 'UPDATE checkout_sessions SET customer_id = $3 WHERE merchant_id = $1 AND id = $2 AND customer_id IS NULL', [merchantId, id, customerId])) === 1,
    // One statement: the row lock makes the check and the increment one step, so the limit holds across instances.
    countCardSave: async (merchantId, id, max) =>
      (await affected(x, 'UPDATE checkout_sessions SET card_saves = card_saves + 1 WHERE merchant_id = $1 AND id = $2 AND card_saves < $3', [merchantId, id, max])) === 1,
    deleteExpiredBefore: (at) => affected(x, 'DELETE FROM checkout_sessions WHERE expires_at < $1', [at]),
  };
}
