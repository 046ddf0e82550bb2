export { ERROR_CODES } from './errors.ts';
export type { ErrorBody, ErrorCode } from './errors.ts';
export * from './card/index.ts';
export { CARD_DATA_ISSUE, noCardData } from './schemas/free-text.ts';
export { ADDRESS_LIMITS, Address, ShippingAddressCreate, ShippingAddressUpdate } from './schemas/address.ts';
export { SettingsUpdate } from './schemas/settings.ts';
export {
  EventQuery,
  EventRedeliver,
  RedeliveryView,
  WEBHOOK_LIMITS,
  WebhookAttemptView,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
  WebhookDeliveryView,
  WebhookEndpointCreate,
  WebhookEndpointList,
  WebhookEndpointUpdate,
  WebhookEndpointView,
  WebhookEventList,
  WebhookEventView,
} from './schemas/webhook.ts';
export { WEBHOOK_EVENT_TYPES } from './webhook-events.ts';
export type { WebhookEventType } from './webhook-events.ts';
export { ProcessorUpdate, ProcessorView } from './schemas/processor.ts';
export { FORWARD_BODY_TYPES, FORWARD_METHODS, ForwardRequest, ForwardResponse, ForwardTemplateCreate, ForwardTemplateList, ForwardTemplateView } from './schemas/forward.ts';
export { SUBSCRIPTION_STATUSES, SubscriptionCreate, SubscriptionListQuery, SubscriptionUpdate } from './schemas/subscription.ts';
export { SubscriptionOccurrenceView, SubscriptionView } from './schemas/subscription.ts';
export { SettingsView } from './schemas/settings.ts';
export { CUSTOMER_LIMITS, CustomerCreate, CustomerQuery, CustomerUpdate } from './schemas/customer.ts';
export { BILLING_ADDRESS_MODES, SESSION_TTL, SessionCreate, TokenRedeem, WidgetAddressCreate, WidgetCardCreate, WidgetCardUpdate, WidgetConfirm } from './schemas/session.ts';
export { BankAccountInput, CardInput, CardUpdate, CustomerType, ExpiringQuery, PaymentProfileCreate, PaymentProfileQuery, PaymentProfileUpdate } from './schemas/payment-profile.ts';
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
export { PaymentProfileValidationResult, TransactionActionView, TransactionView } from './schemas/transaction.ts';
export type { TransactionState, TransactionStatus } from './schemas/transaction.ts';
export { AddressView, CustomerView, MaskedBankAccount, MaskedCard, PaymentProfileView, ShippingAddressView, pageOf } from './schemas/views.ts';
export type { Page } from './schemas/views.ts';
export { ErrorResponse, Health, Jwks, NotReady, Ready, RedeemedToken, SessionCreated } from './schemas/service.ts';
export { TOKEN_ALGORITHM, TOKEN_TYPES } from './tokens.ts';
export type { CheckoutTokenClaims } from './tokens.ts';
export { CardSummary, FieldError, FrameMessage, HostMessage, MESSAGE_VERSION, SESSION_MODES, THEME_PROPERTIES, decodeFrameMessage, decodeHostMessage, frameMessage, hostMessage } from './messages.ts';
export type { SessionMode, Theme, ThemeProperty } from './messages.ts';
export { ConsoleAuditQuery, ConsoleCustomerSearch, ConsoleOrigin, ConsoleStaffCreate, ConsoleStaffUpdate, StaffPasswordChange, StaffSignIn } from './schemas/console.ts';
export type { ConsoleAuditEntry, ConsoleSessionView, ConsoleStaffView } from './schemas/console.ts';
export { STAFF_PASSWORD_MIN, STAFF_ROLES } from './console-limits.ts';
export type { StaffRole } from './console-limits.ts';
export { FIELD_HELP, fieldHelp } from './field-help.ts';
export { formatFormLayout, formLayout, parseFormLayout } from './form-layout.ts';
export type { FormLayout, LayoutSource } from './form-layout.ts';
