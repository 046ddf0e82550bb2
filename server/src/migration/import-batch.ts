import { audit } from '../domain/audit.ts';
import { nowIso, type DomainContext } from '../domain/context.ts';
import { MAX_PAYMENT_PROFILES, type SealedPayment } from '../domain/payment-profiles.ts';
import { customerEventData, emit, paymentProfileEventData } from '../domain/webhook-events.ts';
import { newNumericId } from '../ids.ts';
import type { CustomerRecord, PaymentProfileRecord, Stores } from '../store/types.ts';
import type { CheckedRow } from './check-row.ts';

/** Webhook events of an import: `each` created customer and card, as through the API, or `none`. */
export type ImportEvents = 'each' | 'none';

export interface BatchOutcome {
  customersCreated: number;
  paymentProfilesCreated: number;
  alreadyPresent: number;
  errors: Array<{ row: number; code: 'payment_profile_limit' }>;
}

type Decision =
  | { row: CheckedRow; outcome: 'present' | 'limit' }
  | { row: CheckedRow; outcome: 'new'; customer: CustomerRecord | undefined; first: boolean };

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The batch's customers as stored (the oldest of each merchantCustomerId, as findBy answers) and their payment profiles: two queries. */
async function snapshot(stores: Stores, merchantId: string, rows: CheckedRow[]) {
  const customers = new Map<string, CustomerRecord>();
  for (const c of await stores.customers.findByMerchantCustomerIds(merchantId, [...new Set(rows.map((r) => r.customer.merchantCustomerId))])) {
    if (!customers.has(c.merchantCustomerId!)) customers.set(c.merchantCustomerId!, c);
  }
  const held = await stores.paymentProfiles.listForCustomers(merchantId, [...customers.values()].map((c) => c.id));
  return { customers, held };
}

/**
 * What each row does, in file order, against the stored state: a card the customer already
 * holds (same fingerprint, also earlier in the batch) is present; past ten cards a row is refused
 * (payment_profile_limit, as the API refuses an eleventh); otherwise it is new, the customer's
 * default when it is the customer's first.
 */
function plan(rows: CheckedRow[], state: Awaited<ReturnType<typeof snapshot>>): Decision[] {
  const mcidOf = new Map([...state.customers.values()].map((c) => [c.id, c.merchantCustomerId!]));
  const accounts = new Map<string, { count: number; fingerprints: Set<string> }>();
  const of = (mcid: string) => accounts.get(mcid) ?? accounts.set(mcid, { count: 0, fingerprints: new Set() }).get(mcid)!;
  for (const p of state.held) {
    const slot = of(mcidOf.get(p.customerId)!);
    slot.count++;
    slot.fingerprints.add(hex(p.fingerprint));
  }
  return rows.map((row): Decision => {
    const slot = of(row.customer.merchantCustomerId);
    const fingerprint = hex(row.fingerprint);
    if (slot.fingerprints.has(fingerprint)) return { row, outcome: 'present' };
    if (slot.count >= MAX_PAYMENT_PROFILES) return { row, outcome: 'limit' };
    slot.fingerprints.add(fingerprint);
    return { row, outcome: 'new', customer: state.customers.get(row.customer.merchantCustomerId), first: slot.count++ === 0 };
  });
}

/**
 * Writes one batch in one transaction. Read first without one: rows already present (a re-run)
 * need no write, and only the rest are sealed (bound to their new record ids), outside the
 * transaction. Inside it the batch is planned again on what is stored then, and written with
 * one insert per table, an audit entry per card and, with `events: 'each'`, the same events
 * as the API. Throws IdTakenError when a random id is taken (the caller draws again) and the
 * store's typed errors; the transaction then keeps nothing.
 */
export async function writeBatch(ctx: DomainContext, rows: CheckedRow[], events: ImportEvents): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { customersCreated: 0, paymentProfilesCreated: 0, alreadyPresent: 0, errors: [] };
  const count = (decisions: Decision[]) => {
    for (const d of decisions) {
      if (d.outcome === 'present') outcome.alreadyPresent++;
      else if (d.outcome === 'limit') outcome.errors.push({ row: d.row.row, code: 'payment_profile_limit' });
    }
  };
  const first = plan(rows, await snapshot(ctx.store, ctx.merchantId, rows));
  count(first);
  const candidates = first.filter((d) => d.outcome === 'new').map((d) => d.row);
  if (candidates.length === 0) return outcome;

  const sealed = new Map<CheckedRow, { id: string; sealed: SealedPayment }>();
  for (const row of candidates) {
    const id = newNumericId();
    sealed.set(row, { id, sealed: row.seal(id) });
  }
  const customerIds = new Map(candidates.map((r) => [r.customer.merchantCustomerId, newNumericId()]));

  const written = await ctx.store.transaction(async (tx) => {
    const decisions = plan(candidates, await snapshot(tx, ctx.merchantId, candidates));
    const now = nowIso(ctx);
    const customers = new Map<string, CustomerRecord>();
    const profiles: PaymentProfileRecord[] = [];
    const changes: Array<CustomerRecord | PaymentProfileRecord> = [];
    for (const d of decisions) {
      if (d.outcome !== 'new') continue;
      const { merchantCustomerId, email } = d.row.customer;
      let customer = d.customer ?? customers.get(merchantCustomerId);
      if (!customer) {
        customer = { id: customerIds.get(merchantCustomerId)!, merchantId: ctx.merchantId, merchantCustomerId, email: email ?? null, description: null, profileType: 'regular', createdAt: now, updatedAt: now };
        customers.set(merchantCustomerId, customer);
        changes.push(customer);
      }
      const { id, sealed: account } = sealed.get(d.row)!;
      const profile: PaymentProfileRecord = { id, merchantId: ctx.merchantId, customerId: customer.id, ...account, billTo: d.row.billTo, customerType: null, isDefault: d.first, createdAt: now, updatedAt: now };
      profiles.push(profile);
      changes.push(profile);
    }
    await tx.customers.insertMany([...customers.values()]);
    await tx.paymentProfiles.insertMany(profiles);
    for (const p of profiles) await audit(ctx, tx, 'payment_profile.create', { type: 'payment_profile', id: p.id });
    if (events === 'each') {
      for (const change of changes) {
        if ('customerId' in change) await emit(ctx, tx, 'payment_profile.created', paymentProfileEventData(change));
        else await emit(ctx, tx, 'customer.created', customerEventData(change));
      }
    }
    return { decisions, customers: customers.size, profiles: profiles.length };
  });
  count(written.decisions);
  outcome.customersCreated += written.customers;
  outcome.paymentProfilesCreated += written.profiles;
  return outcome;
}
