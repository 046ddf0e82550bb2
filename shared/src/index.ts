export { ERROR_CODES } from './errors.ts';
export type { ErrorBody, ErrorCode } from './errors.ts';
export * from './card/index.ts';
export { ADDRESS_LIMITS, Address, ShippingAddressCreate, ShippingAddressUpdate } from './schemas/address.ts';
export { CUSTOMER_LIMITS, CustomerCreate, CustomerQuery, CustomerUpdate } from './schemas/customer.ts';
export { BankAccountInput, CardInput, CardUpdate, CustomerType, PaymentProfileCreate, PaymentProfileUpdate } from './schemas/payment-profile.ts';
export type { CustomerView, MaskedBankAccount, MaskedCard, Page, PaymentProfileView, ShippingAddressView } from './schemas/views.ts';
export { TOKEN_ALGORITHM, TOKEN_TYPES } from './tokens.ts';
export type { CheckoutTokenClaims } from './tokens.ts';
