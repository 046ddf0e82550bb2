import { luhnValid } from '@cim/shared';
import { DuplicateError, IdTakenError } from '../errors.ts';
import { newNumericId } from '../ids.ts';
import type { CustomerRecord, PaymentProfileRecord, Store } from '../store/types.ts';
import type { KeyRing } from '../vault/keyring.ts';
import type { Clock } from '../clock.ts';
import { sealCard } from './payment-profiles.ts';

/** Cards per seeded customer; below the ten a customer may hold, so API writes still fit. */
export const SEED_CARDS_PER_CUSTOMER = 5;
/** Expiry months are spread over this many months from now, so an `expiringIn` page is a real slice. */
export const SEED_EXPIRY_MONTHS = 60;

export interface SeedOptions {
  merchantId: string;
  profiles: number;
  /** Distinguishes runs: merchantCustomerIds are `<tag>-<n>`. */
  tag: string;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  customers: number;
  profiles: number;
  seconds: number;
}

/** A distinct Luhn-valid Visa number for each n (4 + 14 digits of n + check digit). */
export function seedCardNumber(n: number): string {
  const body = `4${String(n).padStart(14, '0')}`;
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error('unreachable');
}

/** The expiry of the n-th seeded card: month k of the next SEED_EXPIRY_MONTHS, round robin. */
export function seedExpiry(n: number, now: Date): { expMonth: number; expYear: number } {
  const k = now.getUTCFullYear() * 12 + now.getUTCMonth() + 1 + (n % SEED_EXPIRY_MONTHS);
  return { expMonth: (k % 12) + 1, expYear: Math.floor(k / 12) };
}

/**
 * Fills a merchant's vault with customers and card payment profiles for data-scale
 * benchmarks (`cim dev seed`): the same sealing as the API (AES-256-GCM bound to
 * merchant, record and field; keyed HMAC fingerprints and expiry tags), written in
 * batches of one transaction each, each table's rows in one multi-row INSERT (on
 * PostgreSQL one round trip per table instead of a savepoint and an insert per row). Not audited: nothing is read or changed on
 * anyone's behalf.
 */
export async function seedVault(deps: { store: Store; keyring: KeyRing; clock: Clock }, options: SeedOptions): Promise<SeedResult> {
  const { store, clock } = deps;
  const crypto = await deps.keyring.forMerchant(store, options.merchantId);
  // Whole customers per batch, so no customer is split across two transactions.
  const batchSize = Math.max(1, Math.round((options.batchSize ?? 1000) / SEED_CARDS_PER_CUSTOMER)) * SEED_CARDS_PER_CUSTOMER;
  const started = performance.now();
  const used = new Set<string>();
  const freshId = () => {
    for (;;) {
      const id = newNumericId();
      if (!used.has(id)) return used.add(id), id;
    }
  };
  let customers = 0;
  for (let from = 0; from < options.profiles; from += batchSize) {
    const to = Math.min(options.profiles, from + batchSize);
    const now = clock.now();
    const at = now.toISOString();
    const batch = (): { customerRows: CustomerRecord[]; profileRows: PaymentProfileRecord[] } => {
      const customerRows: CustomerRecord[] = [];
      const profileRows: PaymentProfileRecord[] = [];
      let customer: CustomerRecord | undefined;
      for (let n = from; n < to; n++) {
        if (!customer || n % SEED_CARDS_PER_CUSTOMER === 0) {
          const k = Math.floor(n / SEED_CARDS_PER_CUSTOMER);
          customer = {
            id: freshId(), merchantId: options.merchantId, merchantCustomerId: `${options.tag}-${k}`, email: `shopper${k}@seed.example`,
            description: null, profileType: 'regular', createdAt: at, updatedAt: at,
          };
          customerRows.push(customer);
        }
        const id = freshId();
        const card = { number: seedCardNumber(n), ...seedExpiry(n, now) };
        profileRows.push({
          id, merchantId: options.merchantId, customerId: customer.id, ...sealCard(crypto, id, card, now),
          billTo: { firstName: 'Seed', lastName: `Shopper ${n}`, address: `${n} Main St`, city: 'Springfield', zip: '10001', country: 'US' },
          customerType: 'individual', isDefault: n % SEED_CARDS_PER_CUSTOMER === 0, createdAt: at, updatedAt: at,
        });
      }
      return { customerRows, profileRows };
    };
    for (let attempt = 0; ; attempt++) {
      // Random ids may meet a row of an earlier run (at 1 M rows a clash is likely): the batch rolls back whole and is made again with new ids.
      const { customerRows, profileRows } = batch();
      try {
        await store.transaction(async (tx) => {
          await tx.customers.insertMany(customerRows);
          await tx.paymentProfiles.insertMany(profileRows);
        });
        customers += customerRows.length;
        break;
      } catch (error) {
        if (!(error instanceof DuplicateError || error instanceof IdTakenError) || attempt >= 3) throw error;
      }
    }
    options.onProgress?.(to, options.profiles);
  }
  return { customers, profiles: options.profiles, seconds: (performance.now() - started) / 1000 };
}
