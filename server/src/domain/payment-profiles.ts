import {
  bin,
  lastFour,
  routingNumberValid,
  validateCard,
  type Address,
  type BankAccountInput,
  type CardBrand,
  type CardInput,
  type Page,
  type PaymentProfileCreate,
  type PaymentProfileUpdate,
  type PaymentProfileView,
} from '@cim/shared';
import { CimError, DuplicateError, NotFoundError } from '../errors.ts';
import { isRecordId, newNumericId } from '../ids.ts';
import type { PaymentMethod } from '../processor/types.ts';
import type { PaymentProfileRecord, Stores } from '../store/types.ts';
import type { MerchantCrypto } from '../vault/keyring.ts';
import { bankFingerprint, cardFingerprint } from './card-fingerprint.ts';
import { audit } from './audit.ts';
import { nowIso, type DomainContext } from './context.ts';
import { requireCustomer } from './customers.ts';
import { withFreshId } from './fresh-id.ts';
import { emit, paymentProfileEventData } from './webhook-events.ts';
import { cardExpiry, paymentProfileView, rememberSealedExpiry } from './views.ts';

export const MAX_PAYMENT_PROFILES = 10;

export type SealedPayment = Pick<
  PaymentProfileRecord,
  'type' | 'brand' | 'last4' | 'bin' | 'numberCt' | 'expiryCt' | 'routingCt' | 'routingLast4' | 'accountType' | 'nameOnAccount' | 'bankName' | 'fingerprint' | 'expiryTag' | 'keyVersion'
>;

export const expiryText = (month: number, year: number) => `${year}-${String(month).padStart(2, '0')}`;

/** Validates a card (the CVC only for format; it is never kept) and seals it for record `id`. */
export function sealCard(crypto: MerchantCrypto, id: string, card: CardInput, now: Date): SealedPayment {
  const checked = validateCard(card, now);
  if (!checked.ok) {
    const first = checked.problems[0]!;
    throw new CimError(first.code, first.message, { field: `card.${first.field === 'expiry' ? 'expMonth' : first.field}` });
  }
  const { digits, brand, expMonth, expYear } = checked.card;
  const expiry = expiryText(expMonth, expYear);
  const expiryCt = crypto.seal(id, 'expiry', expiry);
  rememberSealedExpiry(expiryCt, { expMonth, expYear });
  return {
    type: 'card',
    brand,
    last4: lastFour(digits),
    bin: bin(digits),
    numberCt: crypto.seal(id, 'number', digits),
    expiryCt,
    routingCt: null,
    routingLast4: null,
    accountType: null,
    nameOnAccount: null,
    bankName: null,
    fingerprint: cardFingerprint(crypto, digits),
    expiryTag: crypto.fingerprint('expiry', expiry),
    keyVersion: crypto.keyVersion,
  };
}

export function sealBankAccount(crypto: MerchantCrypto, id: string, bank: BankAccountInput): SealedPayment {
  if (!routingNumberValid(bank.routingNumber)) {
    throw new CimError('invalid_routing_number', 'The routing number is not a valid ABA routing number.', { field: 'bankAccount.routingNumber' });
  }
  return {
    type: 'bankAccount',
    brand: null,
    last4: lastFour(bank.accountNumber),
    bin: null,
    numberCt: crypto.seal(id, 'number', bank.accountNumber),
    expiryCt: null,
    routingCt: crypto.seal(id, 'routing', bank.routingNumber),
    routingLast4: lastFour(bank.routingNumber),
    accountType: bank.accountType,
    nameOnAccount: bank.nameOnAccount,
    bankName: bank.bankName ?? null,
    fingerprint: bankFingerprint(crypto, bank),
    expiryTag: null,
    keyVersion: crypto.keyVersion,
  };
}

const sameText = (a: string | undefined, b: string | undefined) => (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();

/** Authorize.Net's rule: same number and same billing first/last name, address and zip. */
function sameBilling(a: Address, b: Address): boolean {
  return sameText(a.firstName, b.firstName) && sameText(a.lastName, b.lastName) && sameText(a.address, b.address) && sameText(a.zip, b.zip);
}

async function assertNoDuplicate(ctx: DomainContext, tx: Stores, customerId: string, fingerprint: Uint8Array, billTo: Address, selfId?: string) {
  const matches = await tx.paymentProfiles.findByFingerprint(ctx.merchantId, customerId, fingerprint);
  const dup = matches.find((m) => m.id !== selfId && sameBilling(m.billTo, billTo));
  if (dup) throw new DuplicateError('duplicate_payment_profile', `A payment profile with the same account and billing details already exists (${dup.id}).`, dup.id);
}

/**
 * A payment profile sealed but not yet written, shown to a check that must pass
 * before the write (validationMode): when the check throws, nothing is written.
 */
export interface PendingPaymentProfile {
  view: PaymentProfileView;
  /** An update: the stored account may be read back for the check. */
  replacesStored: boolean;
  /** The clear account (with the security code sent alongside) for one processor call; dropped when it returns. */
  reveal(): PaymentMethod;
}

export type BeforeWrite = (pending: PendingPaymentProfile) => Promise<void>;

/** The clear account of a sealed record, for one processor call. */
export function revealRecord(crypto: MerchantCrypto, profile: PaymentProfileRecord, cvc: string | undefined): PaymentMethod {
  const number = crypto.open(profile.id, 'number', profile.numberCt);
  if (profile.type === 'bankAccount') {
    const routingNumber = profile.routingCt ? crypto.open(profile.id, 'routing', profile.routingCt) : '';
    return { type: 'bankAccount', routingNumber, accountNumber: number, accountType: profile.accountType ?? 'checking', nameOnAccount: profile.nameOnAccount ?? '' };
  }
  const expiry = cardExpiry(profile, crypto) ?? { expMonth: 0, expYear: 0 };
  return { type: 'card', number, ...expiry, brand: (profile.brand ?? 'unknown') as CardBrand, ...(cvc !== undefined && { cvc }) };
}

function pendingProfile(crypto: MerchantCrypto, record: PaymentProfileRecord, now: Date, cvc: string | undefined, replacesStored = false): PendingPaymentProfile {
  return { view: paymentProfileView(record, crypto, now), replacesStored, reveal: () => revealRecord(crypto, record, cvc) };
}

interface NewProfileFields {
  billTo: Address;
  customerType: 'individual' | 'business' | null;
  isDefault: boolean;
  /** A card typed at checkout (domain/provisional-cards.ts): never the default until a charge settles it. */
  provisional?: { provisionalSessionId: string; provisionalUntil: string } | undefined;
}

function newRecord(ctx: DomainContext, customerId: string, id: string, sealed: SealedPayment, fields: NewProfileFields): PaymentProfileRecord {
  const now = nowIso(ctx);
  const { provisional, ...rest } = fields;
  return { id, merchantId: ctx.merchantId, customerId, ...sealed, ...rest, ...provisional, createdAt: now, updatedAt: now };
}

/** Seals a new profile's account and runs `beforeWrite` on it; the caller writes the record only if this returns. */
export async function prepareNewProfile(
  ctx: DomainContext,
  crypto: MerchantCrypto,
  customerId: string,
  input: { card?: CardInput | undefined; bankAccount?: BankAccountInput | undefined } & NewProfileFields,
  beforeWrite: BeforeWrite | undefined,
  id: string = newNumericId(),
): Promise<{ id: string; sealed: SealedPayment }> {
  const now = ctx.clock.now();
  const sealed = input.card ? sealCard(crypto, id, input.card, now) : sealBankAccount(crypto, id, input.bankAccount!);
  await beforeWrite?.(pendingProfile(crypto, newRecord(ctx, customerId, id, sealed, input), now, input.card?.cvc));
  return { id, sealed };
}

/**
 * Inserts a sealed payment profile inside an open transaction: limit, duplicate
 * rule and default flag are checked against the same snapshot the insert lands in.
 */
export async function insertPaymentProfile(
  ctx: DomainContext,
  tx: Stores,
  customerId: string,
  id: string,
  sealed: SealedPayment,
  extra: NewProfileFields,
): Promise<PaymentProfileRecord> {
  await requireCustomer(ctx, tx, customerId);
  const count = await tx.paymentProfiles.countForCustomer(ctx.merchantId, customerId);
  if (count >= MAX_PAYMENT_PROFILES) {
    throw new CimError('payment_profile_limit', `A customer profile can hold at most ${MAX_PAYMENT_PROFILES} payment profiles.`);
  }
  await assertNoDuplicate(ctx, tx, customerId, sealed.fingerprint, extra.billTo);
  const isDefault = !extra.provisional && (extra.isDefault || count === 0);
  if (isDefault) await tx.paymentProfiles.clearDefault(ctx.merchantId, customerId);
  const record = newRecord(ctx, customerId, id, sealed, { ...extra, isDefault });
  await tx.paymentProfiles.insert(record);
  await audit(ctx, tx, 'payment_profile.create', { type: 'payment_profile', id });
  await emit(ctx, tx, 'payment_profile.created', paymentProfileEventData(record));
  return record;
}

/** `beforeWrite` (e.g. a validation) sees the sealed profile first; if it throws, nothing is written. */
export async function addPaymentProfile(ctx: DomainContext, customerId: string, input: PaymentProfileCreate, beforeWrite?: BeforeWrite): Promise<PaymentProfileView> {
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const fields = { billTo: input.billTo ?? {}, customerType: input.customerType ?? null, isDefault: input.isDefault ?? false };
  // Validation, encryption and any processor call happen before the transaction so the group commit only holds store calls.
  const record = await withFreshId(async (freshId) => {
    const { id, sealed } = await prepareNewProfile(ctx, crypto, customerId, { ...input, ...fields }, beforeWrite, freshId);
    return ctx.store.transaction((tx) => insertPaymentProfile(ctx, tx, customerId, id, sealed, fields));
  });
  return paymentProfileView(record, crypto, ctx.clock.now());
}

async function requireProfile(ctx: DomainContext, stores: Pick<Stores, 'paymentProfiles'>, customerId: string, id: string): Promise<PaymentProfileRecord> {
  const profile = isRecordId(id) && isRecordId(customerId) ? await stores.paymentProfiles.get(ctx.merchantId, customerId, id) : null;
  if (!profile) throw new NotFoundError('Payment profile');
  return profile;
}

export async function getPaymentProfile(ctx: DomainContext, customerId: string, id: string, options: { bin?: boolean } = {}): Promise<PaymentProfileView> {
  const profile = await requireProfile(ctx, ctx.store, customerId, id);
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  await audit(ctx, ctx.store, 'payment_profile.read', { type: 'payment_profile', id });
  return paymentProfileView(profile, crypto, ctx.clock.now(), options);
}

/**
 * Updates expiry, billing address or default without re-entering the number;
 * a new number (card or bank account) replaces the stored one. `beforeWrite`
 * (e.g. a validation) sees the updated profile first; if it throws, the stored
 * one stays as it was.
 */
export async function updatePaymentProfile(ctx: DomainContext, customerId: string, id: string, patch: PaymentProfileUpdate, beforeWrite?: BeforeWrite): Promise<PaymentProfileView> {
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const now = ctx.clock.now();
  const current = await requireProfile(ctx, ctx.store, customerId, id);
  let sealed: Partial<SealedPayment> = {};
  if (patch.card) {
    if (current.type !== 'card') throw new CimError('invalid_request', 'This payment profile is a bank account; send bankAccount.', { field: 'card' });
    if (patch.card.number !== undefined) {
      sealed = sealCard(crypto, id, { ...patch.card, number: patch.card.number }, now);
    } else {
      // Keep the stored number (re-sealed with the expiry, so the row's ciphertexts and its
      // key_version name one data key version, as a data-key rotation expects).
      const number = crypto.open(id, 'number', current.numberCt);
      sealed = sealCard(crypto, id, { number, expMonth: patch.card.expMonth, expYear: patch.card.expYear, cvc: patch.card.cvc }, now);
    }
  } else if (patch.bankAccount) {
    if (current.type !== 'bankAccount') throw new CimError('invalid_request', 'This payment profile is a card; send card.', { field: 'bankAccount' });
    sealed = sealBankAccount(crypto, id, patch.bankAccount);
  }
  const billTo = patch.billTo ? { ...current.billTo, ...patch.billTo } : current.billTo;
  const changes: Partial<PaymentProfileRecord> = {
    ...sealed,
    billTo,
    ...(patch.customerType !== undefined && { customerType: patch.customerType }),
    ...(patch.isDefault === true && { isDefault: true }),
    updatedAt: now.toISOString(),
  };
  await beforeWrite?.(pendingProfile(crypto, { ...current, ...changes }, now, patch.card?.cvc, true));
  const record = await ctx.store.transaction(async (tx) => {
    const fresh = await requireProfile(ctx, tx, customerId, id);
    if (sealed.fingerprint || patch.billTo) await assertNoDuplicate(ctx, tx, customerId, sealed.fingerprint ?? fresh.fingerprint, billTo, id);
    if (patch.isDefault === true && !fresh.isDefault) await tx.paymentProfiles.clearDefault(ctx.merchantId, customerId);
    const updated = await tx.paymentProfiles.update(ctx.merchantId, customerId, id, changes);
    await audit(ctx, tx, 'payment_profile.update', { type: 'payment_profile', id });
    await emit(ctx, tx, 'payment_profile.updated', paymentProfileEventData(updated));
    return updated;
  });
  return paymentProfileView(record, crypto, now);
}

export function deletePaymentProfile(ctx: DomainContext, customerId: string, id: string): Promise<void> {
  return ctx.store.transaction(async (tx) => {
    const profile = await requireProfile(ctx, tx, customerId, id);
    await tx.paymentProfiles.delete(ctx.merchantId, customerId, id);
    if (profile.isDefault) {
      // Keep the "one default" promise: the oldest remaining profile takes over.
      const [next] = await tx.paymentProfiles.listForCustomer(ctx.merchantId, customerId);
      if (next) await tx.paymentProfiles.update(ctx.merchantId, customerId, next.id, { isDefault: true });
    }
    await audit(ctx, tx, 'payment_profile.delete', { type: 'payment_profile', id });
    await emit(ctx, tx, 'payment_profile.deleted', { id, customerProfileId: customerId });
  });
}

export async function listExpiringIn(ctx: DomainContext, month: { year: number; month: number }, page: { cursor?: string | undefined; limit: number }): Promise<Page<PaymentProfileView>> {
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const tag = crypto.fingerprint('expiry', expiryText(month.month, month.year));
  const result = await ctx.store.paymentProfiles.listByExpiryTag(ctx.merchantId, tag, page);
  const now = ctx.clock.now();
  await audit(ctx, ctx.store, 'payment_profile.read', { type: 'payment_profile', id: null }, 'success', `expiring ${expiryText(month.month, month.year)}`);
  return { data: result.rows.map((p) => paymentProfileView(p, crypto, now)), nextCursor: result.nextCursor };
}

/**
 * Decrypts the stored account for a processor call. The caller must drop the
 * result as soon as the call returns; it is never logged or persisted.
 */
export async function revealPaymentProfile(ctx: DomainContext, id: string) {
  const profile = isRecordId(id) ? await ctx.store.paymentProfiles.getById(ctx.merchantId, id) : null;
  if (!profile) throw new NotFoundError('Payment profile');
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  await audit(ctx, ctx.store, 'payment_profile.decrypt', { type: 'payment_profile', id });
  return {
    profile,
    number: crypto.open(profile.id, 'number', profile.numberCt),
    expiry: cardExpiry(profile, crypto),
    routingNumber: profile.routingCt ? crypto.open(profile.id, 'routing', profile.routingCt) : null,
  };
}
