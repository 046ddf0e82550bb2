import { Address, CustomerCreate, validateCard, type ErrorCode } from '@cim/shared';
import { audit } from '../domain/audit.ts';
import type { DomainContext } from '../domain/context.ts';
import { insertCustomer } from '../domain/customers.ts';
import { withFreshId } from '../domain/fresh-id.ts';
import { insertPaymentProfile, sealCard } from '../domain/payment-profiles.ts';
import { CimError } from '../errors.ts';
import type { MerchantCrypto } from '../vault/keyring.ts';
import type { MigrationRow } from './rows.ts';

/** A refused row: its number (1 = the first record) and a stable code, never its content. */
export interface RowError {
  row: number;
  code: ErrorCode;
  field?: string;
}

export interface ImportReport {
  rows: number;
  customersCreated: number;
  paymentProfilesCreated: number;
  /** Cards already in the vault for that customer (same keyed fingerprint): a re-run lands here. */
  alreadyPresent: number;
  errors: RowError[];
}

/** Rows in flight at once: enough for the store's group commit to batch them. Rows of one customer go one after another. */
const WINDOW = 256;

function expiryOf(row: MigrationRow): { expMonth: number; expYear: number } {
  if (row.exp_month !== undefined || row.exp_year !== undefined) {
    const year = Number(row.exp_year);
    return { expMonth: Number(row.exp_month), expYear: year < 100 ? 2000 + year : year };
  }
  const m = /^\s*(?:(\d{1,2})\/(\d{2}|\d{4})|(\d{4})-(\d{2}))\s*$/.exec(row.expiry ?? '');
  if (!m) return { expMonth: NaN, expYear: NaN };
  const year = Number(m[2] ?? m[3]);
  return { expMonth: Number(m[1] ?? m[4]), expYear: year < 100 ? 2000 + year : year };
}

const fail = (code: ErrorCode, field?: string): never => {
  throw new CimError(code, code, field === undefined ? {} : { field });
};

/** Checks one row and fingerprints its card; throws CimError naming the code and column. */
function check(crypto: MerchantCrypto, row: MigrationRow, now: Date) {
  const customer = CustomerCreate.safeParse({ merchantCustomerId: row.customer_id?.trim() || undefined, ...(row.email?.trim() && { email: row.email.trim() }) });
  if (!row.customer_id?.trim()) fail('invalid_request', 'customer_id');
  if (!customer.success) {
    const issue = customer.error.issues[0];
    fail(issue?.code === 'custom' ? 'card_data_not_allowed' : 'invalid_request', issue?.path[0] === 'email' ? 'email' : 'customer_id');
  }
  const billTo = Address.safeParse(
    Object.fromEntries(
      ([['firstName', 'first_name'], ['lastName', 'last_name'], ['company', 'company'], ['address', 'address'], ['city', 'city'], ['state', 'state'], ['zip', 'zip'], ['country', 'country'], ['phoneNumber', 'phone_number']] as const)
        .filter(([, column]) => row[column]?.trim())
        .map(([field, column]) => [field, row[column]]),
    ),
  );
  if (!billTo.success) {
    const issue = billTo.error.issues[0];
    fail(issue?.code === 'custom' ? 'card_data_not_allowed' : 'invalid_request', String(issue?.path[0] ?? 'billTo'));
  }
  const card = { number: row.card_number ?? '', ...expiryOf(row) };
  const checked = validateCard(card, now);
  if (!checked.ok) return fail(checked.problems[0]!.code, checked.problems[0]!.field === 'number' ? 'card_number' : 'exp_month');
  return { input: customer.data!, billTo: billTo.data!, card, fingerprint: crypto.fingerprint('card', checked.card.digits) };
}

/**
 * Imports rows into the merchant's vault through the same domain code as the API: customers
 * found or created by merchantCustomerId (customer_id), payment profiles created unless the
 * customer already holds that card (keyed fingerprint), so a second run creates nothing. Each
 * row commits on its own; a refused row is reported by number and code and the rest go on.
 */
export async function importRows(ctx: DomainContext, rows: MigrationRow[], onProgress?: (done: number) => void): Promise<ImportReport> {
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const report: ImportReport = { rows: rows.length, customersCreated: 0, paymentProfilesCreated: 0, alreadyPresent: 0, errors: [] };

  const importOne = async (row: MigrationRow, number: number) => {
    try {
      await withFreshId(async (id) => {
        const now = ctx.clock.now();
        const { input, billTo, card, fingerprint } = check(crypto, row, now);
        // A card already there (a re-run) needs no transaction: two reads answer it.
        const known = (await ctx.store.customers.findBy(ctx.merchantId, { merchantCustomerId: input.merchantCustomerId! }))[0];
        if (known && (await ctx.store.paymentProfiles.findByFingerprint(ctx.merchantId, known.id, fingerprint)).length > 0) {
          report.alreadyPresent++;
          return;
        }
        // Sealed only for a card that will be written (bound to its new record id).
        const sealed = sealCard(crypto, id, card, now);
        const outcome = await ctx.store.transaction(async (tx) => {
          let created = false;
          let customer = (await tx.customers.findBy(ctx.merchantId, { merchantCustomerId: input.merchantCustomerId! }))[0];
          if (!customer) {
            customer = await insertCustomer(ctx, tx, input);
            created = true;
          }
          if ((await tx.paymentProfiles.findByFingerprint(ctx.merchantId, customer.id, sealed.fingerprint)).length > 0) return { created, profile: false };
          await insertPaymentProfile(ctx, tx, customer.id, id, sealed, { billTo, customerType: null, isDefault: false });
          return { created, profile: true };
        });
        if (outcome.created) report.customersCreated++;
        if (outcome.profile) report.paymentProfilesCreated++;
        else report.alreadyPresent++;
      });
    } catch (error) {
      if (!(error instanceof CimError)) throw error;
      report.errors.push({ row: number, code: error.code, ...(error.field !== undefined && { field: error.field }) });
    }
  };

  for (let start = 0; start < rows.length; start += WINDOW) {
    // Rows of one customer in order (a customer is created once); customers side by side.
    const byCustomer = new Map<string, number[]>();
    for (let i = start; i < Math.min(start + WINDOW, rows.length); i++) {
      const key = rows[i]!.customer_id?.trim() ?? '';
      byCustomer.set(key, [...(byCustomer.get(key) ?? []), i]);
    }
    await Promise.all([...byCustomer.values()].map(async (indexes) => {
      for (const i of indexes) await importOne(rows[i]!, i + 1);
    }));
    onProgress?.(Math.min(start + WINDOW, rows.length));
  }
  report.errors.sort((a, b) => a.row - b.row);
  await audit(ctx, ctx.store, 'vault.import', { type: 'merchant', id: ctx.merchantId }, 'success', `rows ${report.rows}, customers created ${report.customersCreated}, cards created ${report.paymentProfilesCreated}, already present ${report.alreadyPresent}, refused ${report.errors.length}`);
  return report;
}
