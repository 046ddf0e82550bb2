export { ERROR_CODES } from './errors.ts';
export type { ErrorBody, ErrorCode } from './errors.ts';
export * from './card/index.ts';
export { CARD_DATA_ISSUE, noCardData } from './schemas/free-text.ts';
export { ADDRESS_LIMITS, Address, ShippingAddressCreate, ShippingAddressUpdate } from './schemas/address.ts';
export { SettingsUpdate } from './schemas/settings.ts';
export { SUBSCRIPTION_STATUSES, SubscriptionCreate, SubscriptionUpdate } from './schemas/subscription.ts';
export type { SubscriptionOccurrenceView, SubscriptionView } from './schemas/subscription.ts';
export type { SettingsView } from './schemas/settings.ts';
export { CUSTOMER_LIMITS, CustomerCreate, CustomerQuery, CustomerUpdate } from './schemas/customer.ts';
export { BILLING_ADDRESS_MODES, SESSION_TTL, SessionCreate, TokenRedeem, WidgetAddressCreate, WidgetCardCreate, WidgetCardUpdate, WidgetConfirm } from './schemas/session.ts';
export { BankAccountInput, CardInput, CardUpdate, CustomerType, PaymentProfileCreate, PaymentProfileUpdate } from './schemas/payment-profile.ts';
export {
  CaptureRequest,
  PaymentProfileValidation,
  ProfileFromTransaction,
  RefundRequest,
  TRANSACTION_LIMITS,
  TRANSACTION_STATES,
  TRANSACTION_STATUSES,
  TransactionCreate,
  TransactionCustomer,
  TransactionListQuery,
  MerchantTransactionListQuery,
  VoidRequest,
  ResolveRequest,
  ReviewRequest,
} from './schemas/transaction.ts';
export type { PaymentProfileValidationResult, TransactionState, TransactionStatus, TransactionView } from './schemas/transaction.ts';
export type { CustomerView, MaskedBankAccount, MaskedCard, Page, PaymentProfileView, ShippingAddressView } from './schemas/views.ts';
export { TOKEN_ALGORITHM, TOKEN_TYPES } from './tokens.ts';
export type { CheckoutTokenClaims } from './tokens.ts';
export { CardSummary, FieldError, FrameMessage, HostMessage, MESSAGE_VERSION, SESSION_MODES, THEME_PROPERTIES, decodeFrameMessage, decodeHostMessage, frameMessage, hostMessage } from './messages.ts';
export type { SessionMode, Theme, ThemeProperty } from './messages.ts';
export { ConsoleAuditQuery, ConsoleCustomerSearch, ConsoleOrigin, StaffPasswordChange, StaffSignIn } from './schemas/console.ts';
export type { ConsoleAuditEntry, ConsoleSessionView } from './schemas/console.ts';
export { STAFF_PASSWORD_MIN, STAFF_ROLES } from './console-limits.ts';
export type { StaffRole } from './console-limits.ts';
export { formatFormLayout, formLayout, parseFormLayout } from './form-layout.ts';
export type { FormLayout, LayoutSource } from './form-layout.ts';
