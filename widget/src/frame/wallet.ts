import type { Address, CardBrand, SessionMode } from '@cim/shared';

/** The `GET /widget/api/wallet` answer (docs/widget-api.md). */
export interface Wallet {
  session: WalletSession;
  customer: { id: string } | null;
  paymentProfiles: SavedCard[];
  shippingAddresses: SavedAddress[];
  defaults: { paymentProfileId?: string | null; shippingAddressId?: string | null };
}

export interface WalletSession {
  origin: string;
  expiresAt: string;
  /** By CIM's clock: the frame's expiry timers count from the answer, not from the shopper's clock. */
  expiresInSeconds: number;
  mode: SessionMode;
  allowRemove: boolean;
  billingAddress: 'postal' | 'full';
  collectShipping: boolean;
  cardSavesLeft: number;
  /** The amount the merchant bound the session to, if any: the button names it. */
  amount?: { value: string; currency: string };
}

export interface SavedCard {
  id: string;
  type: 'card' | 'bankAccount';
  card?: { brand: CardBrand; last4: string; expMonth: number; expYear: number };
  expired: boolean;
  isDefault: boolean;
  billTo?: Address;
}

export interface SavedAddress extends Address {
  id: string;
  isDefault: boolean;
}

export interface NewCardRequest {
  card: { number: string; expMonth: number; expYear: number; cvc: string };
  billTo: Address;
  isDefault?: boolean;
}

export interface ConfirmResult {
  token: string;
  card: { brand: CardBrand; last4: string; expMonth: number; expYear: number };
  expiresAt: string;
}

/** `POST /payment-profiles` with `confirm: true`: the saved card and its result token. */
export interface SavedAndConfirmed extends ConfirmResult {
  paymentProfile: SavedCard;
}
