import { isExpired, type CardBrand, type CustomerView, type PaymentProfileView, type ShippingAddressView } from '@cim/shared';
import type { CustomerRecord, PaymentProfileRecord, ShippingAddressRecord } from '../store/types.ts';
import type { MerchantCrypto } from '../vault/keyring.ts';

export function customerView(c: CustomerRecord): CustomerView {
  return {
    id: c.id,
    ...(c.merchantCustomerId !== null && { merchantCustomerId: c.merchantCustomerId }),
    ...(c.email !== null && { email: c.email }),
    ...(c.description !== null && { description: c.description }),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

type Expiry = { expMonth: number; expYear: number };

/**
 * The clear expiry of a ciphertext sealed in this request, so the answer to a
 * write does not decrypt what it has just encrypted. Weakly held: it lives no
 * longer than the ciphertext object, and only in memory.
 */
const justSealed = new WeakMap<Uint8Array, Expiry>();

export function rememberSealedExpiry(expiryCt: Uint8Array, expiry: Expiry): void {
  justSealed.set(expiryCt, expiry);
}

export function cardExpiry(p: PaymentProfileRecord, crypto: MerchantCrypto): Expiry | null {
  if (!p.expiryCt) return null;
  const known = justSealed.get(p.expiryCt);
  if (known) return known;
  const [year, month] = crypto.open(p.id, 'expiry', p.expiryCt).split('-').map(Number);
  return { expMonth: month ?? 0, expYear: year ?? 0 };
}

/** The masked view: brand, last four, expiry (and BIN when asked). Never the number. */
export function paymentProfileView(p: PaymentProfileRecord, crypto: MerchantCrypto, now: Date, options: { bin?: boolean } = {}): PaymentProfileView {
  const base = {
    id: p.id,
    customerId: p.customerId,
    type: p.type,
    billTo: p.billTo,
    ...(p.customerType !== null && { customerType: p.customerType }),
    isDefault: p.isDefault,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
  if (p.type === 'card') {
    const expiry = cardExpiry(p, crypto) ?? { expMonth: 0, expYear: 0 };
    return {
      ...base,
      card: { brand: (p.brand ?? 'unknown') as CardBrand, last4: p.last4, ...expiry, ...(options.bin && p.bin !== null && { bin: p.bin }) },
      expired: isExpired({ month: expiry.expMonth, year: expiry.expYear }, now),
    };
  }
  return {
    ...base,
    bankAccount: {
      accountType: p.accountType ?? 'checking',
      accountLast4: p.last4,
      routingLast4: p.routingLast4 ?? '',
      nameOnAccount: p.nameOnAccount ?? '',
      ...(p.bankName !== null && { bankName: p.bankName }),
    },
  };
}

export function shippingAddressView(a: ShippingAddressRecord): ShippingAddressView {
  const { merchantId: _merchantId, ...rest } = a;
  return rest;
}
