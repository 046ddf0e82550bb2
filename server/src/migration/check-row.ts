import { Address, BankAccountInput, CustomerCreate, routingNumberValid, validateCard, type ErrorCode } from '@cim/shared';
import { bankFingerprint, cardFingerprint } from '../domain/card-fingerprint.ts';
import { sealBankAccount, sealCard, type SealedPayment } from '../domain/payment-profiles.ts';
import { CimError } from '../errors.ts';
import type { MerchantCrypto } from '../vault/keyring.ts';
import type { MigrationRow } from './rows.ts';

/** A row that passed every check: what its customer and payment profile will be. */
export interface CheckedRow {
  /** 1 = the first record of the file. */
  row: number;
  customer: CustomerCreate & { merchantCustomerId: string };
  billTo: Address;
  /** The keyed fingerprint of the account: the same card of the same customer is already present. */
  fingerprint: Uint8Array;
  /** Seals the account for record `id` (ciphertexts are bound to their record). */
  seal(id: string): SealedPayment;
}

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

/** A zod refusal as a row error: a card number in a free-text field has its own code. */
const refused = (issue: { code: string; path: PropertyKey[] } | undefined, field: string): never =>
  fail(issue?.code === 'custom' ? 'card_data_not_allowed' : 'invalid_request', field);

const BILLING = [['firstName', 'first_name'], ['lastName', 'last_name'], ['company', 'company'], ['address', 'address'], ['city', 'city'], ['state', 'state'], ['zip', 'zip'], ['country', 'country'], ['phoneNumber', 'phone_number']] as const;

/**
 * Checks one row as the API checks a new customer and payment profile, and fingerprints its
 * account; throws CimError naming the code and the column, never the value.
 */
export function checkRow(crypto: MerchantCrypto, row: MigrationRow, number: number, now: Date): CheckedRow {
  const merchantCustomerId = row.customer_id?.trim();
  if (!merchantCustomerId) return fail('invalid_request', 'customer_id');
  const customer = CustomerCreate.safeParse({ merchantCustomerId, ...(row.email?.trim() && { email: row.email.trim() }) });
  if (!customer.success) return refused(customer.error.issues[0], customer.error.issues[0]?.path[0] === 'email' ? 'email' : 'customer_id');
  const billTo = Address.safeParse(Object.fromEntries(BILLING.filter(([, column]) => row[column]?.trim()).map(([field, column]) => [field, row[column]])));
  if (!billTo.success) return refused(billTo.error.issues[0], String(billTo.error.issues[0]?.path[0] ?? 'billTo'));
  const checked = row.account_number?.trim() ? checkBankAccount(crypto, row) : checkCard(crypto, row, now);
  return { row: number, customer: { ...customer.data, merchantCustomerId }, billTo: billTo.data, ...checked };
}

function checkCard(crypto: MerchantCrypto, row: MigrationRow, now: Date): Pick<CheckedRow, 'fingerprint' | 'seal'> {
  const card = { number: row.card_number ?? '', ...expiryOf(row) };
  const checked = validateCard(card, now);
  if (!checked.ok) return fail(checked.problems[0]!.code, checked.problems[0]!.field === 'number' ? 'card_number' : 'exp_month');
  return { fingerprint: cardFingerprint(crypto, checked.card.digits), seal: (id) => sealCard(crypto, id, card, now) };
}

const BANK = [['accountType', 'account_type'], ['routingNumber', 'routing_number'], ['accountNumber', 'account_number'], ['nameOnAccount', 'name_on_account'], ['bankName', 'bank_name']] as const;

/** A bank account row: the API's rules for `bankAccount` (ABA routing checksum included), refused when it also names a card. */
function checkBankAccount(crypto: MerchantCrypto, row: MigrationRow): Pick<CheckedRow, 'fingerprint' | 'seal'> {
  if (row.card_number?.trim()) return fail('invalid_request', 'account_number');
  const parsed = BankAccountInput.safeParse(Object.fromEntries(BANK.filter(([, column]) => row[column]?.trim()).map(([field, column]) => [field, row[column]!.trim()])));
  if (!parsed.success) return refused(parsed.error.issues[0], BANK.find(([field]) => field === parsed.error.issues[0]?.path[0])?.[1] ?? 'account_number');
  const bank = parsed.data;
  if (!routingNumberValid(bank.routingNumber)) return fail('invalid_routing_number', 'routing_number');
  return { fingerprint: bankFingerprint(crypto, bank), seal: (id) => sealBankAccount(crypto, id, bank) };
}
