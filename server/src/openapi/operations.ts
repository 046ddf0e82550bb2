import {
  Address,
  AddressView,
  BankAccountInput,
  CardInput,
  MaskedCard,
  MerchantTransactionListQuery,
  CaptureRequest,
  CustomerCreate,
  CustomerQuery,
  CustomerUpdate,
  CustomerView,
  ErrorResponse,
  ExpiringQuery,
  EventQuery,
  EventRedeliver,
  ForwardRequest,
  ForwardResponse,
  ForwardTemplateCreate,
  ForwardTemplateList,
  ForwardTemplateView,
  Health,
  Jwks,
  NotReady,
  PaymentProfileCreate,
  PaymentProfileQuery,
  PaymentProfileUpdate,
  PaymentProfileValidation,
  PaymentProfileValidationResult,
  PaymentProfileView,
  ProfileFromTransaction,
  Ready,
  RedeemedToken,
  RefundRequest,
  ResolveRequest,
  ReviewRequest,
  SessionCreate,
  SessionCreated,
  ProcessorUpdate,
  ProcessorView,
  SettingsUpdate,
  SettingsView,
  ShippingAddressCreate,
  ShippingAddressUpdate,
  ShippingAddressView,
  SubscriptionCreate,
  SubscriptionListQuery,
  SubscriptionUpdate,
  SubscriptionView,
  TokenRedeem,
  TransactionCreate,
  TransactionListQuery,
  TransactionActionView,
  TransactionView,
  VoidRequest,
  RedeliveryView,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
  WebhookEndpointCreate,
  WebhookEndpointList,
  WebhookEndpointUpdate,
  WebhookEndpointView,
  WebhookEventList,
  WebhookEventView,
  pageOf,
  type ErrorCode,
} from '@cim/shared';
import type { z } from 'zod';

/**
 * The route registry: every documented operation of the merchant API, with the same zod schemas
 * the routes validate with and the answers' schemas. The OpenAPI document is built from it
 * (document.ts), `openapi.test.ts` fails when a route mounted in the app is missing here (or one
 * here is not mounted), and the route tests check every answer against it.
 *
 * A new route: add it here beside its sub-app. `path` is Hono's pattern (`:id`).
 */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Default: the merchant's secret key (`Authorization: Bearer sk_…`). */
  public?: true;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A POST that may be sent with no body and no Content-Type (void, capture or refund in full, resolve, cancel). */
  bodyOptional?: true;
  /** Takes from a rate-limit bucket: every answer may carry RateLimit and RateLimit-Policy (headers.ts). */
  rateLimited?: true;
  /** Success answers by status; null for no body. */
  responses: Record<number, z.ZodType | null>;
  /** Error codes this operation may answer besides the ones every /v1 request may (see COMMON_ERRORS). */
  errors: readonly ErrorCode[];
}

const CustomerList = pageOf(CustomerView);
const TransactionList = pageOf(TransactionView);

/** Schemas named in the document's components (others are inlined where used). */
export const COMPONENTS: Record<string, z.ZodType> = {
  Error: ErrorResponse,
  Address,
  AddressView,
  CardInput,
  BankAccountInput,
  MaskedCard,
  CustomerList,
  TransactionList,
  Customer: CustomerView,
  CustomerCreate,
  CustomerUpdate,
  PaymentProfile: PaymentProfileView,
  PaymentProfileCreate,
  PaymentProfileUpdate,
  PaymentProfileValidation,
  PaymentProfileValidationResult,
  ShippingAddress: ShippingAddressView,
  ShippingAddressCreate,
  Session: SessionCreated,
  SessionCreate,
  TokenRedeem,
  RedeemedToken,
  Transaction: TransactionView,
  TransactionAction: TransactionActionView,
  TransactionCreate,
  CaptureRequest,
  RefundRequest,
  VoidRequest,
  ResolveRequest,
  ReviewRequest,
  ProfileFromTransaction,
  Subscription: SubscriptionView,
  SubscriptionCreate,
  SubscriptionUpdate,
  Settings: SettingsView,
  SettingsUpdate,
  ForwardTemplate: ForwardTemplateView,
  ForwardTemplateCreate,
  ForwardRequest,
  ForwardResponse,
  WebhookEndpoint: WebhookEndpointView,
  WebhookEndpointCreate,
  WebhookEndpointUpdate,
  Event: WebhookEventView,
  Jwks,
};

/** What any authenticated /v1 request may answer, whatever the operation. */
export const COMMON_ERRORS: readonly ErrorCode[] = ['unauthorized', 'rate_limited', 'database_unavailable', 'key_version_unavailable', 'internal_error'];
/** What any request with a body may answer. */
export const BODY_ERRORS: readonly ErrorCode[] = ['invalid_request', 'invalid_json', 'unsupported_media_type', 'body_too_large'];
/** What a POST with an Idempotency-Key may answer. */
export const IDEMPOTENCY_ERRORS: readonly ErrorCode[] = ['idempotency_key_reused', 'idempotency_in_progress'];

const card: readonly ErrorCode[] = ['invalid_card_number', 'invalid_expiry', 'card_expired', 'invalid_cvc', 'invalid_routing_number', 'card_data_not_allowed'];
const charge: readonly ErrorCode[] = ['invalid_amount', 'amount_exceeds_limit', 'processor_error', 'transaction_state', 'not_found'];

export const OPERATIONS: readonly Operation[] = [
  // Service
  { method: 'get', path: '/health', tag: 'Service', summary: 'Liveness: the process answers', public: true, responses: { 200: Health }, errors: [] },
  {
    method: 'get',
    path: '/ready',
    tag: 'Service',
    summary: 'Readiness: the database answers a query now',
    description: 'Send traffic only while this is 200. 503 (with Retry-After) during a database failover.',
    public: true,
    responses: { 200: Ready, 503: NotReady },
    errors: [],
  },
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    tag: 'Service',
    summary: 'The public keys that verify checkout result tokens',
    description: 'Cache it for its Cache-Control max-age: a rotated key is published that long before it signs.',
    public: true,
    responses: { 200: Jwks },
    errors: [],
  },

  // Customers
  { method: 'post', path: '/v1/customers', tag: 'Customers', summary: 'Create a customer profile', body: CustomerCreate, responses: { 201: CustomerView }, errors: ['duplicate_customer', 'card_data_not_allowed'] },
  {
    method: 'get',
    path: '/v1/customers',
    tag: 'Customers',
    summary: 'List customer profiles, or find them by merchantCustomerId or email',
    query: CustomerQuery,
    responses: { 200: CustomerList },
    errors: ['invalid_request'],
  },
  { method: 'get', path: '/v1/customers/:id', tag: 'Customers', summary: 'A customer profile with its payment profiles and shipping addresses', responses: { 200: CustomerView }, errors: ['not_found'] },
  { method: 'patch', path: '/v1/customers/:id', tag: 'Customers', summary: 'Update a customer profile', body: CustomerUpdate, responses: { 200: CustomerView }, errors: ['not_found', 'duplicate_customer', 'card_data_not_allowed'] },
  { method: 'delete', path: '/v1/customers/:id', tag: 'Customers', summary: 'Delete a customer profile and everything under it', responses: { 204: null }, errors: ['not_found', 'conflict'] },
  {
    method: 'post',
    path: '/v1/customers/from-transaction',
    tag: 'Customers',
    summary: 'Save the card of a one-time charge as a new customer profile',
    body: ProfileFromTransaction,
    responses: { 201: CustomerView },
    errors: ['not_found', 'duplicate_customer', 'duplicate_payment_profile', 'transaction_state', 'card_data_not_allowed'],
  },
  {
    method: 'get',
    path: '/v1/customers/:customerId/transactions',
    tag: 'Transactions',
    summary: "A customer's transactions",
    query: TransactionListQuery,
    responses: { 200: TransactionList },
    errors: ['not_found', 'invalid_request'],
  },

  // Payment profiles
  {
    method: 'post',
    path: '/v1/customers/:customerId/payment-profiles',
    tag: 'Payment profiles',
    summary: 'Add a card or bank account to a customer',
    body: PaymentProfileCreate,
    responses: { 201: PaymentProfileView },
    errors: ['not_found', 'duplicate_payment_profile', 'payment_profile_limit', ...card],
  },
  {
    method: 'get',
    path: '/v1/customers/:customerId/payment-profiles/:paymentProfileId',
    tag: 'Payment profiles',
    summary: 'A payment profile, masked',
    query: PaymentProfileQuery,
    responses: { 200: PaymentProfileView },
    errors: ['not_found'],
  },
  {
    method: 'patch',
    path: '/v1/customers/:customerId/payment-profiles/:paymentProfileId',
    tag: 'Payment profiles',
    summary: 'Update a payment profile (expiry, billing address, default)',
    body: PaymentProfileUpdate,
    responses: { 200: PaymentProfileView },
    errors: ['not_found', 'duplicate_payment_profile', 'payment_profile_provisional', ...card],
  },
  { method: 'delete', path: '/v1/customers/:customerId/payment-profiles/:paymentProfileId', tag: 'Payment profiles', summary: 'Delete a payment profile', responses: { 204: null }, errors: ['not_found', 'conflict'] },
  {
    method: 'post',
    path: '/v1/customers/:customerId/payment-profiles/:paymentProfileId/validate',
    tag: 'Payment profiles',
    summary: 'Check a stored card with the processor (testMode: format only; liveMode: a zero or one-cent authorisation, voided)',
    body: PaymentProfileValidation,
    responses: { 200: PaymentProfileValidationResult },
    errors: ['not_found', 'invalid_cvc', 'processor_error'],
  },
  {
    method: 'get',
    path: '/v1/payment-profiles',
    tag: 'Payment profiles',
    summary: 'Cards expiring in a month, merchant-wide',
    query: ExpiringQuery,
    responses: { 200: pageOf(PaymentProfileView) },
    errors: ['invalid_request'],
  },

  // Shipping addresses
  {
    method: 'post',
    path: '/v1/customers/:customerId/shipping-addresses',
    tag: 'Shipping addresses',
    summary: 'Add a shipping address',
    body: ShippingAddressCreate,
    responses: { 201: ShippingAddressView },
    errors: ['not_found', 'duplicate_shipping_address', 'shipping_address_limit', 'card_data_not_allowed'],
  },
  { method: 'get', path: '/v1/customers/:customerId/shipping-addresses', tag: 'Shipping addresses', summary: "A customer's shipping addresses", responses: { 200: pageOf(ShippingAddressView) }, errors: ['not_found'] },
  { method: 'get', path: '/v1/customers/:customerId/shipping-addresses/:addressId', tag: 'Shipping addresses', summary: 'A shipping address', responses: { 200: ShippingAddressView }, errors: ['not_found'] },
  {
    method: 'patch',
    path: '/v1/customers/:customerId/shipping-addresses/:addressId',
    tag: 'Shipping addresses',
    summary: 'Update a shipping address',
    body: ShippingAddressUpdate,
    responses: { 200: ShippingAddressView },
    errors: ['not_found', 'duplicate_shipping_address', 'card_data_not_allowed'],
  },
  { method: 'delete', path: '/v1/customers/:customerId/shipping-addresses/:addressId', tag: 'Shipping addresses', summary: 'Delete a shipping address', responses: { 204: null }, errors: ['not_found', 'conflict'] },

  // Checkout
  {
    method: 'post',
    path: '/v1/sessions',
    tag: 'Checkout',
    summary: 'Start a checkout session for <cim-checkout>',
    body: SessionCreate,
    rateLimited: true,
    responses: { 201: SessionCreated },
    errors: ['origin_not_allowed', 'not_found', 'invalid_amount', 'card_data_not_allowed'],
  },
  {
    method: 'post',
    path: '/v1/tokens/redeem',
    tag: 'Checkout',
    summary: 'Verify a checkout result token and use it up (once)',
    body: TokenRedeem,
    responses: { 200: RedeemedToken },
    errors: ['token_invalid', 'token_expired', 'token_already_used', 'token_wrong_merchant'],
  },

  // Transactions
  {
    method: 'post',
    path: '/v1/transactions',
    tag: 'Transactions',
    summary: 'Charge or authorise: stored profile, result token, one-time card or bank account',
    description: 'Declines are answers, not errors: 201 with status "declined". Send an Idempotency-Key so a retry charges once.',
    body: TransactionCreate,
    responses: { 201: TransactionView },
    errors: [
      ...charge,
      ...card,
      'duplicate_transaction',
      'amount_exceeds_session',
      'token_invalid',
      'token_expired',
      'token_already_used',
      'token_wrong_merchant',
      'payment_profile_provisional',
      'duplicate_customer',
    ],
  },
  {
    method: 'get',
    path: '/v1/transactions',
    tag: 'Transactions',
    summary: "The merchant's transactions, newest first, filtered by state, type, customer and creation time",
    query: MerchantTransactionListQuery,
    responses: { 200: TransactionList },
    errors: ['invalid_request'],
  },
  { method: 'get', path: '/v1/transactions/:id', tag: 'Transactions', summary: 'A transaction', responses: { 200: TransactionView }, errors: ['not_found'] },
  { method: 'post', path: '/v1/transactions/:id/capture', tag: 'Transactions', summary: 'Capture an authorisation (all of it, or less)', body: CaptureRequest, bodyOptional: true, responses: { 200: TransactionActionView }, errors: charge },
  { method: 'post', path: '/v1/transactions/:id/void', tag: 'Transactions', summary: 'Void an unsettled transaction', body: VoidRequest, bodyOptional: true, responses: { 200: TransactionActionView }, errors: charge },
  { method: 'post', path: '/v1/transactions/:id/review', tag: 'Transactions', summary: 'Approve or decline a transaction held for review', body: ReviewRequest, responses: { 200: TransactionActionView }, errors: charge },
  {
    method: 'post',
    path: '/v1/transactions/:id/resolve',
    tag: 'Transactions',
    summary: "Ask the processor again for a pending transaction's answer",
    body: ResolveRequest,
    bodyOptional: true,
    responses: { 200: TransactionActionView },
    errors: [...charge, ...card],
  },
  {
    method: 'post',
    path: '/v1/transactions/:id/refund',
    tag: 'Transactions',
    summary: 'Refund a settled transaction (what remains, or less)',
    body: RefundRequest,
    bodyOptional: true,
    responses: { 201: TransactionView },
    errors: charge,
  },

  // Subscriptions
  {
    method: 'post',
    path: '/v1/subscriptions',
    tag: 'Subscriptions',
    summary: 'Bill a stored payment profile on a schedule',
    body: SubscriptionCreate,
    responses: { 201: SubscriptionView },
    errors: ['not_found', 'invalid_amount', 'payment_profile_provisional'],
  },
  { method: 'get', path: '/v1/subscriptions', tag: 'Subscriptions', summary: 'List subscriptions', query: SubscriptionListQuery, responses: { 200: pageOf(SubscriptionView) }, errors: ['invalid_request'] },
  { method: 'get', path: '/v1/subscriptions/:id', tag: 'Subscriptions', summary: 'A subscription and its occurrences', responses: { 200: SubscriptionView }, errors: ['not_found'] },
  {
    method: 'patch',
    path: '/v1/subscriptions/:id',
    tag: 'Subscriptions',
    summary: 'Change a running subscription',
    body: SubscriptionUpdate,
    responses: { 200: SubscriptionView },
    errors: ['not_found', 'invalid_amount', 'transaction_state', 'payment_profile_provisional', 'conflict'],
  },
  { method: 'post', path: '/v1/subscriptions/:id/cancel', tag: 'Subscriptions', summary: 'Cancel a subscription', bodyOptional: true, responses: { 200: SubscriptionView }, errors: ['not_found', 'transaction_state'] },

  // Settings
  { method: 'get', path: '/v1/settings', tag: 'Settings', summary: "The merchant's settings", responses: { 200: SettingsView }, errors: [] },
  { method: 'patch', path: '/v1/settings', tag: 'Settings', summary: 'Change the settlement cut-off or unlinked credits', body: SettingsUpdate, responses: { 200: SettingsView }, errors: [] },
  { method: 'get', path: '/v1/settings/processor', tag: 'Settings', summary: "The merchant's processor (credentials never answered)", responses: { 200: ProcessorView }, errors: [] },
  { method: 'put', path: '/v1/settings/processor', tag: 'Settings', summary: "Choose the sandbox or the merchant's Authorize.Net account for new transactions", body: ProcessorUpdate, responses: { 200: ProcessorView }, errors: ['invalid_request'] },

  // Forwarding proxy (docs/forwarding.md)
  {
    method: 'post',
    path: '/v1/forward/templates',
    tag: 'Forwarding',
    summary: 'Declare an outbound request template with card placeholders, for a host the operator allowed',
    description: 'Header values and the body are sealed at rest and never answered back (they usually carry the processor credentials).',
    body: ForwardTemplateCreate,
    responses: { 201: ForwardTemplateView },
    errors: ['forward_host_not_allowed'],
  },
  { method: 'get', path: '/v1/forward/templates', tag: 'Forwarding', summary: "The merchant's forward templates", responses: { 200: ForwardTemplateList }, errors: [] },
  { method: 'get', path: '/v1/forward/templates/:templateId', tag: 'Forwarding', summary: 'A forward template (header names only)', responses: { 200: ForwardTemplateView }, errors: ['not_found'] },
  { method: 'delete', path: '/v1/forward/templates/:templateId', tag: 'Forwarding', summary: 'Delete a forward template', responses: { 204: null }, errors: ['not_found'] },
  {
    method: 'post',
    path: '/v1/forward',
    tag: 'Forwarding',
    summary: "Fill a template with a stored card, send it, and answer the destination's reply with card data removed",
    description: 'HTTPS only, to operator-allowed public hosts; no redirects, a timeout and a size cap. A non-2xx destination status is still a 200 here: read `status`.',
    body: ForwardRequest,
    responses: { 200: ForwardResponse },
    errors: ['not_found', 'forward_host_not_allowed', 'forward_failed', 'forward_timeout'],
  },

  // Webhooks and the event log (docs/webhooks.md)
  {
    method: 'post',
    path: '/v1/webhook-endpoints',
    tag: 'Webhooks',
    summary: 'Add an endpoint that receives signed events (Standard Webhooks)',
    description: 'The answer carries the whsec_ signing secret, shown this once. The URL must be https and reach a public address.',
    body: WebhookEndpointCreate,
    responses: { 201: WebhookEndpointView },
    errors: ['card_data_not_allowed'],
  },
  { method: 'get', path: '/v1/webhook-endpoints', tag: 'Webhooks', summary: "The merchant's webhook endpoints (never a secret)", responses: { 200: WebhookEndpointList }, errors: [] },
  { method: 'get', path: '/v1/webhook-endpoints/:id', tag: 'Webhooks', summary: 'A webhook endpoint', responses: { 200: WebhookEndpointView }, errors: ['not_found'] },
  {
    method: 'patch',
    path: '/v1/webhook-endpoints/:id',
    tag: 'Webhooks',
    summary: 'Change the URL, events or description, or disable / enable it',
    body: WebhookEndpointUpdate,
    responses: { 200: WebhookEndpointView },
    errors: ['not_found', 'card_data_not_allowed'],
  },
  { method: 'delete', path: '/v1/webhook-endpoints/:id', tag: 'Webhooks', summary: 'Remove a webhook endpoint and its pending deliveries', responses: { 204: null }, errors: ['not_found'] },
  { method: 'post', path: '/v1/webhook-endpoints/:id/rotate-secret', tag: 'Webhooks', summary: 'A new signing secret, shown this once', bodyOptional: true, responses: { 200: WebhookEndpointView }, errors: ['not_found'] },
  {
    method: 'get',
    path: '/v1/webhook-endpoints/:id/deliveries',
    tag: 'Webhooks',
    summary: "The endpoint's newest deliveries",
    query: WebhookDeliveryQuery,
    responses: { 200: WebhookDeliveryList },
    errors: ['not_found', 'invalid_request'],
  },
  { method: 'get', path: '/v1/events', tag: 'Webhooks', summary: 'The event log, newest first', query: EventQuery, responses: { 200: WebhookEventList }, errors: ['invalid_request'] },
  { method: 'get', path: '/v1/events/:id', tag: 'Webhooks', summary: 'An event with its deliveries and their attempts', responses: { 200: WebhookEventView }, errors: ['not_found'] },
  {
    method: 'post',
    path: '/v1/events/:id/redeliver',
    tag: 'Webhooks',
    summary: 'Send an event again now (same webhook-id), to every endpoint that takes it or to one',
    body: EventRedeliver,
    bodyOptional: true,
    responses: { 202: RedeliveryView },
    errors: ['not_found'],
  },
];
