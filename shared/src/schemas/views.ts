import type { CardBrand } from '../card/brands.ts';
import type { Address } from './address.ts';

/** What the API shows of a card: never more than brand, last four, expiry and BIN. */
export interface MaskedCard {
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
  bin?: string;
}

export interface MaskedBankAccount {
  accountType: 'checking' | 'savings' | 'businessChecking';
  accountLast4: string;
  routingLast4: string;
  nameOnAccount: string;
  bankName?: string;
}

export interface PaymentProfileView {
  id: string;
  customerId: string;
  type: 'card' | 'bankAccount';
  card?: MaskedCard;
  bankAccount?: MaskedBankAccount;
  billTo: Address;
  customerType?: 'individual' | 'business';
  isDefault: boolean;
  expired?: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ShippingAddressView extends Address {
  id: string;
  customerId: string;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerView {
  id: string;
  merchantCustomerId?: string;
  email?: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
  paymentProfiles?: PaymentProfileView[];
  shippingAddresses?: ShippingAddressView[];
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
