import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * The shop's own database: its shoppers (with the CIM customer profile ID each
 * one maps to) and its orders (with the profile IDs they were charged to).
 * No card data ever: a brand and last four digits for display, and IDs.
 */

export interface Shopper {
  id: string;
  name: string;
  email: string;
  /** null until CIM creates the shopper's profile (on their first saved card). */
  customerProfileId: string | null;
  createdAt: string;
}

export type OrderStatus = 'pending' | 'approved' | 'declined' | 'error' | 'heldForReview';

export interface OrderLine {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: string;
}

export interface Order {
  id: number;
  shopperId: string;
  kind: 'checkout' | 'usage';
  description: string;
  lines: OrderLine[];
  amount: string;
  status: OrderStatus;
  reasonText: string | null;
  transactionId: string | null;
  customerProfileId: string;
  paymentProfileId: string;
  shippingAddressId: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  /** Sent with the charge: retrying this order's charge can never charge it twice. */
  idempotencyKey: string;
  createdAt: string;
}

export interface NewOrder {
  shopperId: string;
  kind: Order['kind'];
  description: string;
  lines: OrderLine[];
  amount: string;
  customerProfileId: string;
  paymentProfileId: string;
  shippingAddressId: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS shoppers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  customer_profile_id TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shopper_id TEXT NOT NULL REFERENCES shoppers(id),
  kind TEXT NOT NULL,
  description TEXT NOT NULL,
  lines_json TEXT NOT NULL,
  amount TEXT NOT NULL,
  status TEXT NOT NULL,
  reason_text TEXT,
  transaction_id TEXT,
  customer_profile_id TEXT NOT NULL,
  payment_profile_id TEXT NOT NULL,
  shipping_address_id TEXT,
  card_brand TEXT,
  card_last4 TEXT,
  idempotency_key TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_by_shopper ON orders (shopper_id, id);
-- Order numbers start at 1001, like a shop that has been open a while.
INSERT INTO sqlite_sequence (name, seq) SELECT 'orders', 1000 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'orders');
`;

type Row = Record<string, unknown>;

const toShopper = (r: Row): Shopper => ({
  id: r.id as string,
  name: r.name as string,
  email: r.email as string,
  customerProfileId: (r.customer_profile_id as string | null) ?? null,
  createdAt: r.created_at as string,
});

const toOrder = (r: Row): Order => ({
  id: r.id as number,
  shopperId: r.shopper_id as string,
  kind: r.kind as Order['kind'],
  description: r.description as string,
  lines: JSON.parse(r.lines_json as string) as OrderLine[],
  amount: r.amount as string,
  status: r.status as OrderStatus,
  reasonText: (r.reason_text as string | null) ?? null,
  transactionId: (r.transaction_id as string | null) ?? null,
  customerProfileId: r.customer_profile_id as string,
  paymentProfileId: r.payment_profile_id as string,
  shippingAddressId: (r.shipping_address_id as string | null) ?? null,
  cardBrand: (r.card_brand as string | null) ?? null,
  cardLast4: (r.card_last4 as string | null) ?? null,
  idempotencyKey: r.idempotency_key as string,
  createdAt: r.created_at as string,
});

export type ShopDb = ReturnType<typeof openShopDb>;

export function openShopDb(path: string) {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;');
  db.exec(SCHEMA);
  const now = () => new Date().toISOString();

  return {
    close: () => db.close(),

    upsertShopper(s: { id: string; name: string; email: string }): Shopper {
      db.prepare('INSERT INTO shoppers (id, name, email, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email').run(
        s.id,
        s.name,
        s.email,
        now(),
      );
      return this.getShopper(s.id)!;
    },

    getShopper(id: string): Shopper | null {
      const row = db.prepare('SELECT * FROM shoppers WHERE id = ?').get(id) as Row | undefined;
      return row ? toShopper(row) : null;
    },

    setCustomerProfileId(shopperId: string, customerProfileId: string): void {
      db.prepare('UPDATE shoppers SET customer_profile_id = ? WHERE id = ?').run(customerProfileId, shopperId);
    },

    listShoppersWithProfiles(): Shopper[] {
      return (db.prepare('SELECT * FROM shoppers WHERE customer_profile_id IS NOT NULL ORDER BY created_at').all() as Row[]).map(toShopper);
    },

    insertOrder(o: NewOrder): Order {
      const result = db
        .prepare(
          `INSERT INTO orders (shopper_id, kind, description, lines_json, amount, status, customer_profile_id, payment_profile_id, shipping_address_id, card_brand, card_last4, idempotency_key, created_at)
           VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(o.shopperId, o.kind, o.description, JSON.stringify(o.lines), o.amount, o.customerProfileId, o.paymentProfileId, o.shippingAddressId, o.cardBrand, o.cardLast4, `order-${randomUUID()}`, now());
      return this.getOrder(Number(result.lastInsertRowid))!;
    },

    recordOutcome(orderId: number, outcome: { status: OrderStatus; reasonText: string | null; transactionId: string | null; cardBrand?: string; cardLast4?: string }): Order {
      db.prepare(
        'UPDATE orders SET status = ?, reason_text = ?, transaction_id = ?, card_brand = COALESCE(?, card_brand), card_last4 = COALESCE(?, card_last4) WHERE id = ?',
      ).run(outcome.status, outcome.reasonText, outcome.transactionId, outcome.cardBrand ?? null, outcome.cardLast4 ?? null, orderId);
      return this.getOrder(orderId)!;
    },

    getOrder(id: number): Order | null {
      const row = db.prepare('SELECT * FROM orders WHERE id = ?').get(id) as Row | undefined;
      return row ? toOrder(row) : null;
    },

    lastOrderOfKind(shopperId: string, kind: Order['kind']): Order | undefined {
      const row = db.prepare('SELECT * FROM orders WHERE shopper_id = ? AND kind = ? ORDER BY id DESC LIMIT 1').get(shopperId, kind) as Row | undefined;
      return row ? toOrder(row) : undefined;
    },

    listOrders(shopperId: string): Order[] {
      return (db.prepare('SELECT * FROM orders WHERE shopper_id = ? ORDER BY id DESC').all(shopperId) as Row[]).map(toOrder);
    },
  };
}
