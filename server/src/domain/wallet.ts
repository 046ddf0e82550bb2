import { formatFormLayout, formLayout, isExpired, type Address, type CardBrand, type WidgetAddressCreate, type WidgetCardCreate, type WidgetCardUpdate, type WidgetConfirm } from '@cim/shared';
import { CimError, DuplicateError, NotFoundError } from '../errors.ts';
import { isRecordId } from '../ids.ts';
import type { PaymentProfileRecord, SessionRecord, ShippingAddressRecord } from '../store/types.ts';
import type { MerchantCrypto } from '../vault/keyring.ts';
import { audit } from './audit.ts';
import { issueCheckoutToken, type TokenContext } from './checkout-tokens.ts';
import type { DomainContext } from './context.ts';
import { insertPaymentProfile, prepareNewProfile, deletePaymentProfile, updatePaymentProfile, type BeforeWrite } from './payment-profiles.ts';
import { listedInSession, provisionalMark } from './provisional-cards.ts';
import { SESSION_CARD_SAVES } from './rate-limit.ts';
import { withFreshId } from './fresh-id.ts';
import { ensureSessionCustomer } from './sessions.ts';
import { deleteShippingAddress, insertShippingAddress, updateShippingAddress } from './shipping-addresses.ts';
import { cardExpiry, shippingAddressView } from './views.ts';

/**
 * The shopper's side of the vault, as the iframe sees it (docs/widget-api.md):
 * only the session's own customer, only masked cards, and saves that create the
 * customer on first use.
 */

export interface WalletCard {
  id: string;
  type: 'card';
  card: { brand: CardBrand; last4: string; expMonth: number; expYear: number };
  expired: boolean;
  isDefault: boolean;
  billTo: Address;
}

export type WalletAddress = Address & { id: string; isDefault: boolean };

/** The masked card the frame shows, given its expiry (decrypted, or just typed by the shopper). */
function walletCardWith(p: PaymentProfileRecord, expiry: { expMonth: number; expYear: number }, now: Date): WalletCard {
  const { expMonth, expYear } = expiry;
  return {
    id: p.id,
    type: 'card',
    card: { brand: (p.brand ?? 'unknown') as CardBrand, last4: p.last4, expMonth, expYear },
    expired: isExpired({ month: expMonth, year: expYear }, now),
    isDefault: p.isDefault,
    billTo: p.billTo,
  };
}

const walletCard = (p: PaymentProfileRecord, crypto: MerchantCrypto, now: Date) => walletCardWith(p, cardExpiry(p, crypto) ?? { expMonth: 0, expYear: 0 }, now);

function walletAddress(a: ShippingAddressRecord): WalletAddress {
  const { customerId: _c, createdAt: _ca, updatedAt: _ua, ...rest } = shippingAddressView(a);
  return rest;
}

/** `expiresInSeconds` is by CIM's clock, so the frame can warn on time whatever the shopper's clock says. */
export function sessionView(session: SessionRecord, now: Date) {
  return {
    origin: session.origin,
    expiresAt: session.expiresAt,
    expiresInSeconds: Math.max(0, Math.floor((Date.parse(session.expiresAt) - now.getTime()) / 1000)),
    mode: session.mode,
    allowRemove: session.allowRemove,
    billingAddress: session.billingAddress,
    collectShipping: session.collectShipping,
    cardSavesLeft: Math.max(0, SESSION_CARD_SAVES - session.cardSaves),
    ...(session.amount && { amount: session.amount }),
  };
}

/** The cards and addresses the session's frame lists. Not audited here: the callers that show them do. */
async function walletEntries(ctx: DomainContext, session: SessionRecord, customerId: string) {
  const [profiles, addresses, crypto] = await Promise.all([
    ctx.store.paymentProfiles.listForCustomer(ctx.merchantId, customerId),
    ctx.store.shippingAddresses.listForCustomer(ctx.merchantId, customerId),
    ctx.keyring.forMerchant(ctx.store, ctx.merchantId),
  ]);
  const now = ctx.clock.now();
  // Bank accounts stay out of the checkout frame: its result token names a card.
  // A card typed in another checkout and never charged is not offered here (domain/provisional-cards.ts).
  const cards = profiles.filter((p) => p.type === 'card' && listedInSession(p, session.id)).map((p) => walletCard(p, crypto, now));
  return { cards, shipping: addresses.map(walletAddress) };
}

/** GET /widget/api/wallet */
export async function readWallet(ctx: DomainContext, session: SessionRecord) {
  const customerId = session.customerId;
  if (customerId === null) {
    return { session: sessionView(session, ctx.clock.now()), customer: null, paymentProfiles: [], shippingAddresses: [], defaults: { paymentProfileId: null, shippingAddressId: null } };
  }
  const { cards, shipping } = await walletEntries(ctx, session, customerId);
  if (cards.length > 0) await audit(ctx, ctx.store, 'payment_profile.read', { type: 'customer', id: customerId });
  return {
    session: sessionView(session, ctx.clock.now()),
    customer: { id: customerId },
    paymentProfiles: cards,
    shippingAddresses: shipping,
    defaults: { paymentProfileId: cards.find((c) => c.isDefault)?.id ?? null, shippingAddressId: shipping.find((a) => a.isDefault)?.id ?? null },
  };
}

/**
 * The `layout` of POST /v1/sessions: what the frame will show first, so the page's loading skeleton
 * can draw the same rows (shared/src/form-layout.ts). Counts only: no card leaves the vault for it.
 */
export async function sessionLayout(ctx: DomainContext, session: SessionRecord): Promise<string> {
  const { cards, shipping } = session.customerId === null ? { cards: [], shipping: [] } : await walletEntries(ctx, session, session.customerId);
  return formatFormLayout(formLayout({ ...session, cards, addresses: shipping.length }));
}

function requireBilling(session: SessionRecord, billTo: Address): void {
  const required: Array<keyof Address> = session.billingAddress === 'full' ? ['firstName', 'zip', 'country', 'address', 'city'] : ['firstName', 'zip'];
  for (const field of required) {
    if (!billTo[field]) throw new CimError('invalid_request', `billTo.${field} is required.`, { field: `billTo.${field}` });
  }
}

/**
 * Saving what the shopper already has selects it instead of failing: the saved
 * record comes back with `created: false`. Duplicates are only ever looked for
 * within the session's own customer, so this reveals nothing the shopper did not type.
 */
async function saveOrSelect<T>(
  ctx: DomainContext,
  session: SessionRecord,
  duplicate: 'duplicate_payment_profile' | 'duplicate_shipping_address',
  save: () => Promise<T>,
  select: (customerId: string, existingId: string) => Promise<T | null>,
): Promise<{ saved: T; created: boolean }> {
  try {
    return { saved: await save(), created: true };
  } catch (error) {
    if (!(error instanceof DuplicateError && error.code === duplicate && error.existingId)) throw error;
    // A duplicate means the customer exists; only a save racing this one can have linked it since auth.
    const customerId = session.customerId ?? (await ctx.store.sessions.get(ctx.merchantId, session.id))?.customerId;
    const existing = customerId ? await select(customerId, error.existingId) : null;
    if (existing === null) throw error;
    return { saved: existing, created: false };
  }
}

/**
 * Saves (or selects) a card; the record comes back too, for the confirm that may follow.
 * `beforeWrite` (vault mode: the processor's verification) sees the sealed card first; if it throws, nothing is written.
 */
async function saveCard(ctx: DomainContext, session: SessionRecord, input: WidgetCardCreate, beforeWrite?: BeforeWrite) {
  requireBilling(session, input.billTo);
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const now = ctx.clock.now();
  // Validation and encryption before the transaction (the group commit only holds store calls),
  // again with a new id if a concurrent save drew the same one.
  const insert = () =>
    withFreshId(async (freshId) => {
      const fields = { billTo: input.billTo, customerType: null, isDefault: input.isDefault ?? false };
      // The customer may not exist yet: the check sees the card and its billing address, not whose it will be.
      const { id, sealed } = await prepareNewProfile(ctx, crypto, session.customerId ?? '', { card: input.card, ...fields }, beforeWrite, freshId);
      return ctx.store.transaction(async (tx) => {
      const customerId = await ensureSessionCustomer(ctx, tx, session.id);
      if (!(await tx.sessions.countCardSave(ctx.merchantId, session.id, SESSION_CARD_SAVES))) {
        throw new CimError('session_card_limit', `A checkout session can save at most ${SESSION_CARD_SAVES} cards.`);
      }
        // At checkout the card is provisional until a charge settles it; in vault mode it is saved outright.
        const provisional = session.mode === 'checkout' ? provisionalMark(session, now) : undefined;
        return insertPaymentProfile(ctx, tx, customerId, id, sealed, { ...fields, provisional });
      });
    });
  const select = async (customerId: string, existingId: string) => {
    if (input.isDefault) await updatePaymentProfile(ctx, customerId, existingId, { isDefault: true });
    return ctx.store.paymentProfiles.get(ctx.merchantId, customerId, existingId);
  };
  const { saved, created } = await saveOrSelect(ctx, session, 'duplicate_payment_profile', insert, select);
  // A new card's expiry is the one validated and sealed above: no need to decrypt it again.
  // A selected one may carry another (older) expiry, so that one is read from the vault.
  const paymentProfile = created ? walletCardWith(saved, input.card, now) : walletCard(saved, crypto, now);
  return { record: saved, paymentProfile, created };
}

/** POST /widget/api/payment-profiles. The session's save counter moves only when a card is added. */
export async function saveWalletCard(ctx: DomainContext, session: SessionRecord, input: WidgetCardCreate, beforeWrite?: BeforeWrite): Promise<{ paymentProfile: WalletCard; created: boolean }> {
  const { paymentProfile, created } = await saveCard(ctx, session, input, beforeWrite);
  return { paymentProfile, created };
}

/**
 * POST /widget/api/payment-profiles with `confirm: true`: the shopper pays with a new card,
 * so the save and the result token share one round trip. Same rules, limits and
 * save-or-select as a plain save; refusals that need no save (vault mode, an address
 * outside the wallet) come first, so they write nothing.
 */
export async function saveAndConfirmWalletCard(ctx: TokenContext, session: SessionRecord, input: WidgetCardCreate) {
  requireCheckout(session);
  if (input.shippingAddressId !== undefined) await requireWalletAddress(ctx, session.customerId, input.shippingAddressId);
  const { record, paymentProfile, created } = await saveCard(ctx, session, input);
  // saveCard settles only once its commit is durable: the token never names a card that could still be lost.
  const confirmed = await signWalletChoice(ctx, session, record.customerId, paymentProfile, input.shippingAddressId, 'card.expMonth');
  return { paymentProfile, created, ...confirmed };
}

/** POST /widget/api/shipping-addresses */
export async function saveWalletAddress(ctx: DomainContext, session: SessionRecord, input: WidgetAddressCreate): Promise<{ shippingAddress: WalletAddress; created: boolean }> {
  const insert = () => ctx.store.transaction(async (tx) => insertShippingAddress(ctx, tx, await ensureSessionCustomer(ctx, tx, session.id), input));
  const select = async (customerId: string, existingId: string) => {
    if (input.isDefault) await updateShippingAddress(ctx, customerId, existingId, { isDefault: true });
    return ctx.store.shippingAddresses.get(ctx.merchantId, customerId, existingId);
  };
  const { saved, created } = await saveOrSelect(ctx, session, 'duplicate_shipping_address', insert, select);
  return { shippingAddress: walletAddress(saved), created };
}

function requireRemovable(session: SessionRecord): string {
  if (!session.allowRemove) throw new CimError('forbidden', 'This checkout session does not allow removing saved details.');
  if (session.customerId === null) throw new NotFoundError('Payment profile');
  return session.customerId;
}

export async function removeWalletCard(ctx: DomainContext, session: SessionRecord, id: string): Promise<void> {
  const customerId = requireRemovable(session);
  const profile = isRecordId(id) ? await ctx.store.paymentProfiles.get(ctx.merchantId, customerId, id) : null;
  if (!profile || profile.type !== 'card') throw new NotFoundError('Payment profile');
  await deletePaymentProfile(ctx, customerId, id);
}

/**
 * PATCH /widget/api/payment-profiles/:id, vault mode: the default and the expiry of a saved card,
 * the number never typed again. `beforeWrite` (the processor's verification of a new expiry)
 * sees the updated card first; if it throws, the stored card stays as it was.
 */
export async function updateWalletCard(ctx: DomainContext, session: SessionRecord, id: string, input: WidgetCardUpdate, beforeWrite?: BeforeWrite): Promise<{ paymentProfile: WalletCard }> {
  if (session.mode !== 'vault') throw new CimError('forbidden', 'Saved cards are changed in a vault-mode session.');
  const customerId = session.customerId;
  const profile = customerId !== null && isRecordId(id) ? await ctx.store.paymentProfiles.get(ctx.merchantId, customerId, id) : null;
  if (customerId === null || !profile || profile.type !== 'card' || !listedInSession(profile, session.id)) throw new NotFoundError('Payment profile');
  const expiry = input.expMonth !== undefined && input.expYear !== undefined ? { card: { expMonth: input.expMonth, expYear: input.expYear } } : {};
  await updatePaymentProfile(ctx, customerId, id, { ...expiry, ...(input.isDefault && { isDefault: true }) }, expiry.card ? beforeWrite : undefined);
  const updated = await ctx.store.paymentProfiles.get(ctx.merchantId, customerId, id);
  if (!updated) throw new NotFoundError('Payment profile');
  return { paymentProfile: walletCard(updated, await ctx.keyring.forMerchant(ctx.store, ctx.merchantId), ctx.clock.now()) };
}

export async function removeWalletAddress(ctx: DomainContext, session: SessionRecord, id: string): Promise<void> {
  await deleteShippingAddress(ctx, requireRemovable(session), id);
}

function requireCheckout(session: SessionRecord): void {
  if (session.mode !== 'checkout') throw new CimError('forbidden', 'A vault-mode session does not issue result tokens.');
}

async function requireWalletAddress(ctx: DomainContext, customerId: string | null, id: string): Promise<void> {
  if (customerId === null || !(await ctx.store.shippingAddresses.get(ctx.merchantId, customerId, id))) throw new NotFoundError('Shipping address');
}

/** Signs the result token for a card of the session's customer (and, if chosen, a shipping address). */
async function signWalletChoice(ctx: TokenContext, session: SessionRecord, customerId: string, choice: WalletCard, shippingAddressId: string | undefined, expiredField: string) {
  if (choice.expired) throw new CimError('card_expired', 'This card has expired; choose another or add a new one.', { field: expiredField });
  const { token, claims } = await issueCheckoutToken(ctx, {
    customerProfileId: customerId,
    paymentProfileId: choice.id,
    ...(shippingAddressId !== undefined && { shippingAddressId }),
    card: choice.card,
    ...(session.amount && { amount: session.amount.value, currency: session.amount.currency }),
  });
  return { token, card: choice.card, expiresAt: new Date(claims.exp * 1000).toISOString() };
}

/** POST /widget/api/confirm: the shopper's choice of a saved card becomes a signed result token. */
export async function confirmWalletChoice(ctx: TokenContext, session: SessionRecord, input: WidgetConfirm) {
  requireCheckout(session);
  const customerId = session.customerId;
  const profile = customerId === null ? null : await ctx.store.paymentProfiles.get(ctx.merchantId, customerId, input.paymentProfileId);
  if (!customerId || !profile || profile.type !== 'card' || !listedInSession(profile, session.id)) throw new NotFoundError('Payment profile');
  if (input.shippingAddressId !== undefined) await requireWalletAddress(ctx, customerId, input.shippingAddressId);
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  return signWalletChoice(ctx, session, customerId, walletCard(profile, crypto, ctx.clock.now()), input.shippingAddressId, 'paymentProfileId');
}
