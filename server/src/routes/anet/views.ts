import { formatExpiryYYYYMM, type CardBrand, type CustomerView, type PaymentProfileView } from '@cim/shared';
import { writeAddress, writeShippingAddress } from './address.ts';
import type { Json } from './parse.ts';

/** Authorize.Net's cardType names. UnionPay settles as Discover there, Maestro as MasterCard. */
const CARD_TYPE: Record<CardBrand, string> = {
  visa: 'Visa',
  mastercard: 'MasterCard',
  amex: 'AmericanExpress',
  discover: 'Discover',
  diners: 'DinersClub',
  jcb: 'JCB',
  unionpay: 'Discover',
  maestro: 'MasterCard',
  unknown: 'Unknown',
};

export const cardTypeName = (brand: CardBrand) => CARD_TYPE[brand];

export interface MaskOptions {
  unmaskExpirationDate?: boolean | undefined;
  includeIssuerInfo?: boolean | undefined;
}

/** paymentMaskedType: "XXXX1111", expiry "XXXX" unless unmasked; bank numbers "XXXX" + last four. */
export function maskedPayment(p: PaymentProfileView, options: MaskOptions = {}): Json {
  if (p.card) {
    return {
      creditCard: {
        cardNumber: `XXXX${p.card.last4}`,
        expirationDate: options.unmaskExpirationDate ? formatExpiryYYYYMM({ month: p.card.expMonth, year: p.card.expYear }) : 'XXXX',
        cardType: cardTypeName(p.card.brand),
        ...(options.includeIssuerInfo && p.card.bin && { issuerNumber: p.card.bin }),
      },
    };
  }
  const bank = p.bankAccount!;
  return {
    bankAccount: {
      accountType: bank.accountType,
      routingNumber: `XXXX${bank.routingLast4}`,
      accountNumber: `XXXX${bank.accountLast4}`,
      nameOnAccount: bank.nameOnAccount,
      echeckType: 'WEB',
      ...(bank.bankName && { bankName: bank.bankName }),
    },
  };
}

/** customerPaymentProfileMaskedType, as in getCustomerProfile and getCustomerPaymentProfile. */
export function paymentProfileMasked(p: PaymentProfileView, options: MaskOptions = {}, withCustomerId = false): Json {
  return {
    ...(withCustomerId && { customerProfileId: p.customerId }),
    customerPaymentProfileId: p.id,
    ...(p.isDefault && { defaultPaymentProfile: true }),
    payment: maskedPayment(p, options),
    ...(p.customerType && { customerType: p.customerType }),
    billTo: writeAddress(p.billTo),
  };
}

/** customerProfileMaskedType. */
export function customerProfileMasked(c: CustomerView, profileType: string, options: MaskOptions = {}): Json {
  return {
    paymentProfiles: (c.paymentProfiles ?? []).map((p) => paymentProfileMasked(p, options)),
    shipToList: (c.shippingAddresses ?? []).map(writeShippingAddress),
    profileType,
    customerProfileId: c.id,
    ...(c.merchantCustomerId && { merchantCustomerId: c.merchantCustomerId }),
    ...(c.description && { description: c.description }),
    ...(c.email && { email: c.email }),
  };
}
