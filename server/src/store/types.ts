import type { Address, StaffRole, TransactionState } from '@cim/shared';

export type { StaffRole };

/**
 * Storage interfaces, one per aggregate. Every method is a single query and is
 * scoped by merchant id; a row of another merchant is reported exactly like a
 * missing one. Compositions (get-or-insert, set-default, limits) live in domain/.
 * Everything is async so that a networked backend (PostgreSQL) fits the same shape.
 */

export interface MerchantRecord {
  id: string;
  name: string;
  secretKeyHash: string;
  apiLoginId: string;
  transactionKeyHash: string;
  allowedOrigins: string[];
  /** HTTPS hosts (`host` or `host:port`) the operator lets this merchant forward card data to (docs/forwarding.md). */
  forwardHosts: string[];
  createdAt: string;
  /** The key a rotation replaced, valid until `until` (ISO time); null/absent when there is none. */
  previousSecretKey?: PreviousKey | null;
  previousTransactionKey?: PreviousKey | null;
}

export interface PreviousKey {
  hash: string;
  until: string;
}

/** Which merchant credential a rotation replaces. */
export type CredentialKind = 'secretKey' | 'transactionKey';

export interface MerchantKeyRecord {
  merchantId: string;
  purpose: 'data' | 'fingerprint';
  version: number;
  kekVersion: number;
  wrapped: Uint8Array;
  /** A data key seals from this moment on (published, so loaded by every instance, before it). */
  activeFrom: string;
}

export interface CustomerRecord {
  id: string;
  merchantId: string;
  merchantCustomerId: string | null;
  email: string | null;
  description: string | null;
  profileType: 'regular' | 'guest';
  createdAt: string;
  updatedAt: string;
}

export interface PaymentProfileRecord {
  id: string;
  merchantId: string;
  customerId: string;
  type: 'card' | 'bankAccount';
  /** card: brand; bank: account type. */
  brand: string | null;
  last4: string;
  bin: string | null;
  /** AES-256-GCM ciphertexts, bound to merchant + record + field. */
  numberCt: Uint8Array;
  expiryCt: Uint8Array | null;
  routingCt: Uint8Array | null;
  routingLast4: string | null;
  accountType: 'checking' | 'savings' | 'businessChecking' | null;
  nameOnAccount: string | null;
  bankName: string | null;
  /** Keyed HMAC of the card number (or routing + account) for duplicate detection. */
  fingerprint: Uint8Array;
  /** Keyed HMAC of "YYYY-MM" so cards expiring in a month can be found without clear expiry. */
  expiryTag: Uint8Array | null;
  keyVersion: number;
  billTo: Address;
  customerType: 'individual' | 'business' | null;
  isDefault: boolean;
  /**
   * A card entered during checkout is provisional until a charge settles it
   * (docs/transactions.md): set together, absent (or null) on a normal card.
   * The session that saved it: only that session's wallet lists it.
   */
  provisionalSessionId?: string | null;
  /** When the maintenance sweep deletes it if no charge has settled it. */
  provisionalUntil?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ShippingAddressRecord extends Address {
  id: string;
  merchantId: string;
  customerId: string;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AuditRecord {
  merchantId: string | null;
  actor: string;
  action: string;
  recordType: string | null;
  recordId: string | null;
  outcome: 'success' | 'failure';
  clientAddress: string | null;
  detail: string | null;
  at: string;
}

/** A checkout session: one shopper's wallet, from one origin, until it expires. */
export interface SessionRecord {
  id: string;
  tokenHash: string;
  merchantId: string;
  customerId: string | null;
  merchantCustomerId: string | null;
  origin: string;
  mode: 'checkout' | 'vault';
  allowRemove: boolean;
  billingAddress: 'postal' | 'full';
  collectShipping: boolean;
  cardSaves: number;
  createdAt: string;
  expiresAt: string;
  /** Bound by the merchant at creation (both or neither): a normalised decimal string and its ISO 4217 code. */
  amount?: { value: string; currency: string };
}

/** A token-signing key pair; the private half sealed under the master key. */
export interface SigningKeyRecord {
  kid: string;
  publicJwk: string;
  privateCt: Uint8Array;
  kekVersion: number;
  createdAt: string;
  activeFrom: string;
}

export interface TokenUseRecord {
  jti: string;
  merchantId: string;
  usedAt: string;
  expiresAt: string;
}

export interface PageRequest {
  /** Opaque cursor from a previous page; undefined for the first page. */
  cursor?: string | undefined;
  limit: number;
}

export interface PageResult<T> {
  rows: T[];
  nextCursor: string | null;
}

export interface MerchantStore {
  insert(merchant: MerchantRecord): Promise<void>;
  getById(id: string): Promise<MerchantRecord | null>;
  getBySecretKeyHash(hash: string): Promise<MerchantRecord | null>;
  getByApiLoginId(apiLoginId: string): Promise<MerchantRecord | null>;
  setAllowedOrigins(id: string, origins: string[]): Promise<void>;
  setForwardHosts(id: string, hosts: string[]): Promise<void>;
  list(): Promise<MerchantRecord[]>;
  /** The merchant whose replaced (previous) secret key has this hash, whatever its `until`: the caller checks the time. */
  getByPreviousSecretKeyHash(hash: string): Promise<MerchantRecord | null>;
  /**
   * One UPDATE: `kind` gets `newHash`; the previous slot gets `previous` (null clears it, so an
   * old key is refused at once). NotFoundError when there is no such merchant.
   */
  replaceCredential(id: string, kind: CredentialKind, newHash: string, previous: PreviousKey | null): Promise<void>;
}

export interface MerchantKeyStore {
  insert(key: MerchantKeyRecord): Promise<void>;
  listForMerchant(merchantId: string): Promise<MerchantKeyRecord[]>;
  /** Up to `limit` keys (any merchant) not wrapped under master key `kekVersion`: a master-key rotation's next batch. */
  listNotUnderKek(kekVersion: number, limit: number): Promise<MerchantKeyRecord[]>;
  /**
   * One compare-and-set UPDATE: the key's wrapping is replaced only if it is still under
   * `fromKek`. Returns whether it was (false: someone else re-wrapped it first).
   */
  rewrap(key: Pick<MerchantKeyRecord, 'merchantId' | 'purpose' | 'version'>, fromKek: number, toKek: number, wrapped: Uint8Array): Promise<boolean>;
  /** How many keys each master key version wraps. */
  countByKek(): Promise<Array<{ kekVersion: number; count: number }>>;
  /** Deletes one key (a data key version no row is sealed under any more). Returns whether it existed. */
  delete(key: Pick<MerchantKeyRecord, 'merchantId' | 'purpose' | 'version'>): Promise<boolean>;
  /** Merchants with more than one data key version: a data-key rotation under way (for the scheduler). */
  listMerchantsRotatingData(): Promise<string[]>;
}

/** The fields sealed under a merchant's data key. */
export type SealedFieldName = 'number' | 'expiry' | 'routing' | 'response' | 'template' | 'apiLoginId' | 'transactionKey' | 'webhookSecret';

/** The tables holding data-key ciphertexts. */
export type SealedTable = 'payment_profiles' | 'transactions' | 'forward_templates' | 'webhook_endpoints' | 'merchant_processors' | 'idempotency_keys';

/** One row's ciphertexts, as a data-key rotation reads and re-seals them. */
export interface SealedRow {
  table: SealedTable;
  /** The payment profile, transaction, forward template or webhook endpoint id, the processor endpoint, or the Idempotency-Key. */
  id: string;
  /** The data key version the row is sealed under (processor credentials and idempotency answers: read from the ciphertext header). */
  keyVersion: number;
  fields: Partial<Record<SealedFieldName, Uint8Array>>;
}

/** Data-key rotation across the tables that hold ciphertexts, one merchant at a time. */
export interface SealedDataStore {
  /** Up to `limit` of the merchant's rows in `table` sealed under a data key version other than (older than) `version`. */
  listNotUnder(merchantId: string, table: SealedTable, version: number, limit: number): Promise<SealedRow[]>;
  /**
   * One compare-and-set UPDATE: the row's ciphertexts become `fields` (sealed under `version`)
   * only if they are still exactly `row.fields`. False: the row changed (a write won) or is gone.
   */
  reseal(merchantId: string, row: SealedRow, version: number, fields: SealedRow['fields']): Promise<boolean>;
  /** The merchant's sealed rows per data key version, across every table. */
  countByVersion(merchantId: string): Promise<Array<{ keyVersion: number; count: number }>>;
}

export interface CustomerStore {
  /** Throws DuplicateError('duplicate_customer') when merchantCustomerId+email+description all match. */
  insert(customer: CustomerRecord): Promise<void>;
  /** Many customers at once (`cim dev seed`): one statement on PostgreSQL (per 65,535 bind parameters), one write on SQLite; the same errors as insert. */
  insertMany(customers: CustomerRecord[]): Promise<void>;
  get(merchantId: string, id: string): Promise<CustomerRecord | null>;
  findBy(merchantId: string, by: { merchantCustomerId?: string; email?: string }): Promise<CustomerRecord[]>;
  /** Every customer whose merchantCustomerId is one of `merchantCustomerIds` (one query; `cim import`'s batches), oldest first. */
  findByMerchantCustomerIds(merchantId: string, merchantCustomerIds: string[]): Promise<CustomerRecord[]>;
  findExact(merchantId: string, key: { merchantCustomerId: string | null; email: string | null; description: string | null }): Promise<CustomerRecord | null>;
  list(merchantId: string, page: PageRequest): Promise<PageResult<CustomerRecord>>;
  listIds(merchantId: string): Promise<string[]>;
  update(merchantId: string, id: string, patch: Partial<Pick<CustomerRecord, 'merchantCustomerId' | 'email' | 'description' | 'updatedAt'>>): Promise<CustomerRecord>;
  /** Deletes the customer and, by cascade, its payment profiles and addresses (ciphertext included). */
  delete(merchantId: string, id: string): Promise<void>;
}

export interface PaymentProfileStore {
  insert(profile: PaymentProfileRecord): Promise<void>;
  /** Many payment profiles at once (`cim dev seed`): one statement on PostgreSQL (per 65,535 bind parameters), one write on SQLite; the same errors as insert. */
  insertMany(profiles: PaymentProfileRecord[]): Promise<void>;
  get(merchantId: string, customerId: string, id: string): Promise<PaymentProfileRecord | null>;
  /** Looks a payment profile up by its own id, within the merchant (for transactions by id). */
  getById(merchantId: string, id: string): Promise<PaymentProfileRecord | null>;
  listForCustomer(merchantId: string, customerId: string): Promise<PaymentProfileRecord[]>;
  /** The payment profiles of every listed customer (one query; `cim import`'s batches), by customer then oldest first. */
  listForCustomers(merchantId: string, customerIds: string[]): Promise<PaymentProfileRecord[]>;
  countForCustomer(merchantId: string, customerId: string): Promise<number>;
  findByFingerprint(merchantId: string, customerId: string, fingerprint: Uint8Array): Promise<PaymentProfileRecord[]>;
  listByExpiryTag(merchantId: string, expiryTag: Uint8Array, page: PageRequest): Promise<PageResult<PaymentProfileRecord>>;
  update(merchantId: string, customerId: string, id: string, patch: Partial<Omit<PaymentProfileRecord, 'id' | 'merchantId' | 'customerId' | 'createdAt'>>): Promise<PaymentProfileRecord>;
  /** Clears the default flag on every payment profile of the customer. */
  clearDefault(merchantId: string, customerId: string): Promise<void>;
  delete(merchantId: string, customerId: string, id: string): Promise<void>;
  /** Deletes every merchant's provisional cards whose `provisionalUntil` is before `now` (ciphertext included), in one statement; returns which. */
  deleteExpiredProvisional(now: string): Promise<Array<Pick<PaymentProfileRecord, 'merchantId' | 'customerId' | 'id'>>>;
}

export interface ShippingAddressStore {
  insert(address: ShippingAddressRecord): Promise<void>;
  get(merchantId: string, customerId: string, id: string): Promise<ShippingAddressRecord | null>;
  listForCustomer(merchantId: string, customerId: string): Promise<ShippingAddressRecord[]>;
  countForCustomer(merchantId: string, customerId: string): Promise<number>;
  update(merchantId: string, customerId: string, id: string, patch: Partial<Omit<ShippingAddressRecord, 'id' | 'merchantId' | 'customerId' | 'createdAt'>>): Promise<ShippingAddressRecord>;
  clearDefault(merchantId: string, customerId: string): Promise<void>;
  delete(merchantId: string, customerId: string, id: string): Promise<void>;
}

/** An audit row as read back, with its position in the log (newest has the highest id). */
export interface AuditEntry extends AuditRecord {
  id: number;
}

/** Every field narrows the search; absent fields do not. Times are ISO-8601, `until` exclusive. */
export interface AuditFilter {
  actor?: string | undefined;
  /** Exact action, or a prefix when it ends in "." ("staff." matches every staff action). */
  action?: string | undefined;
  outcome?: 'success' | 'failure' | undefined;
  recordId?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  /** Entries older than this id only (the cursor of the next page). */
  beforeId?: number | undefined;
}

export interface AuditStore {
  insert(entry: AuditRecord): Promise<void>;
  listForMerchant(merchantId: string, limit: number): Promise<AuditRecord[]>;
  /**
   * One query: the first event of `windowKey` inserts a row (count 1); each later one
   * adds 1 to its count and sets lastAt/detail. Keeps an unauthenticated flood to one row per window.
   */
  recordRepeated(entry: AuditRecord, windowKey: string): Promise<void>;
  /** Rows with no merchant (failed authentications), newest first, with their counts. */
  listUnattributed(limit: number): Promise<RepeatedAuditRecord[]>;
  /** The merchant's entries matching `filter`, newest first, at most `limit`. */
  search(merchantId: string, filter: AuditFilter, limit: number): Promise<AuditEntry[]>;
}

export interface RepeatedAuditRecord extends AuditRecord {
  count: number;
  lastAt: string | null;
}

export interface RateLimitPolicy {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Requests regained per second. */
  refillPerSecond: number;
}

/** Token buckets kept in the database, so every CIM instance on it enforces the same limits. */
export interface RateLimitStore {
  /**
   * One atomic query: refills `key`'s bucket for the time since its last use, takes a
   * token if one is there, and answers whether it did and how many tokens are left.
   */
  take(key: string, policy: RateLimitPolicy, nowMs: number): Promise<{ allowed: boolean; tokens: number }>;
  /** Maintenance: forgets buckets untouched since `beforeMs` (a full bucket carries no information). */
  deleteIdle(beforeMs: number): Promise<number>;
}

/** A person who signs in to the merchant console for one merchant. */
export interface StaffRecord {
  id: string;
  merchantId: string;
  /** Lower-cased; unique across the installation, since sign-in names no merchant. */
  email: string;
  role: StaffRole;
  /** scrypt, self-describing ("scrypt$N$r$p$salt$hash"). */
  passwordHash: string;
  /** True while the password is still the one-time one `cim staff create` printed. */
  passwordMustChange: boolean;
  failedSignIns: number;
  lockedUntil: string | null;
  createdAt: string;
  /** When an admin disabled the account; null while it is enabled. A disabled account cannot sign in. */
  disabledAt: string | null;
}

export interface StaffStore {
  /** Throws DuplicateError('conflict') when the email is taken. */
  insert(staff: StaffRecord): Promise<void>;
  /** Not merchant-scoped: sign-in is how the merchant is learnt. */
  getByEmail(email: string): Promise<StaffRecord | null>;
  get(merchantId: string, id: string): Promise<StaffRecord | null>;
  listForMerchant(merchantId: string): Promise<StaffRecord[]>;
  /**
   * Counts one failed sign-in in one query and locks the account until `lockUntil` when the
   * count reaches `max`. A lock that has run out starts the count again. Returns the new row.
   */
  recordFailedSignIn(id: string, at: string, max: number, lockUntil: string): Promise<StaffRecord | null>;
  /** After a good password: clears the failure count and any lock. */
  clearFailedSignIns(id: string): Promise<void>;
  /** Replaces the password hash (and whether it must be changed at the next sign-in). */
  setPassword(merchantId: string, id: string, passwordHash: string, mustChange: boolean): Promise<void>;
  /**
   * Sets the role in one query, unless that demotes the merchant's last enabled admin (checked as
   * `disable` checks it). Returns the row, or null when there is no such account or it is the last
   * enabled admin (the domain tells the two apart).
   */
  setRole(merchantId: string, id: string, role: StaffRole): Promise<StaffRecord | null>;
  /**
   * Removes the account and, by cascade, its sessions (signed out everywhere), in one query, unless
   * it is the merchant's last enabled admin. Returns false when there is no such account or it is.
   */
  delete(merchantId: string, id: string): Promise<boolean>;
  /**
   * Disables the account from `at`, in one query, unless it is the merchant's last enabled admin
   * (concurrent disables cannot both pass that check). An account already disabled is left as it
   * is. Returns the row, or null when the merchant has no such account or it is the last enabled
   * admin (the domain tells the two apart).
   */
  disable(merchantId: string, id: string, at: string): Promise<StaffRecord | null>;
  /** Enables the account again (an enabled one is left as it is). Throws NotFoundError when missing. */
  enable(merchantId: string, id: string): Promise<StaffRecord>;
}

/** A signed-in console browser; only the hash of its cookie value is stored. */
export interface StaffSessionRecord {
  tokenHash: string;
  staffId: string;
  merchantId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export interface StaffSessionStore {
  insert(session: StaffSessionRecord): Promise<void>;
  getByTokenHash(tokenHash: string): Promise<StaffSessionRecord | null>;
  touch(tokenHash: string, at: string): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  /** Ends every session of a staff member but the one given (after a password change). */
  deleteOthersOfStaff(staffId: string, keepTokenHash: string): Promise<number>;
  /** Ends every session of a staff member of the merchant (the account was disabled). */
  deleteAllOfStaff(merchantId: string, staffId: string): Promise<number>;
  deleteExpiredBefore(at: string): Promise<number>;
}

export interface SessionStore {
  insert(session: SessionRecord): Promise<void>;
  getByTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  get(merchantId: string, id: string): Promise<SessionRecord | null>;
  /** Links the customer created by the session's first save; false if one was linked already. */
  linkCustomer(merchantId: string, id: string, customerId: string): Promise<boolean>;
  /** Counts one card save if fewer than `max` were made; false when the limit is reached. */
  countCardSave(merchantId: string, id: string, max: number): Promise<boolean>;
  deleteExpiredBefore(at: string): Promise<number>;
}

export interface SigningKeyStore {
  insert(key: SigningKeyRecord): Promise<void>;
  /** Every key, oldest first. */
  list(): Promise<SigningKeyRecord[]>;
  /** Compare-and-set like MerchantKeyStore.rewrap: replaces the sealed private key only if still under `fromKek`. */
  rewrap(kid: string, fromKek: number, toKek: number, privateCt: Uint8Array): Promise<boolean>;
}

export interface TokenUseStore {
  /** Throws DuplicateError('token_already_used') when the jti was redeemed before. */
  insert(use: TokenUseRecord): Promise<void>;
  deleteExpiredBefore(at: string): Promise<number>;
}

/** A charge, authorisation or refund. Card data is masked; a one-time card may be kept encrypted for a while (see docs/transactions.md). */
export interface TransactionRecord {
  id: string;
  merchantId: string;
  type: 'authCapture' | 'authOnly' | 'refund';
  /** Refunds: the transaction refunded. */
  parentId: string | null;
  status: 'pending' | 'approved' | 'declined' | 'error' | 'heldForReview';
  currency: string;
  amountMinor: number;
  capturedMinor: number;
  refundedMinor: number;
  /** Refunds under way (processor not yet answered), counted against the refundable amount. */
  refundReservedMinor: number;
  pendingAction: 'capture' | 'void' | null;
  pendingAmountMinor: number | null;
  /** Processor idempotency reference of the capture or void under way. */
  pendingReference: string | null;
  capturedAt: string | null;
  voidedAt: string | null;
  customerId: string | null;
  paymentProfileId: string | null;
  shippingAddressId: string | null;
  source: 'profile' | 'token' | 'card' | 'parent';
  paymentType: 'card' | 'bankAccount';
  /** Card brand, or the bank account type. */
  brand: string | null;
  last4: string;
  /** What the duplicate window compares: "pp:<paymentProfileId>" or "fp:<keyed card fingerprint>". */
  duplicateKey: string | null;
  responseCode: number | null;
  reasonCode: number | null;
  reasonText: string | null;
  declineCode: string | null;
  authCode: string | null;
  avsResult: string | null;
  cvcResult: string | null;
  processor: string;
  processorTransactionId: string | null;
  orderId: string | null;
  description: string | null;
  billTo: Address | null;
  shipTo: Address | null;
  customerInfo: { merchantCustomerId?: string; email?: string; description?: string } | null;
  cardNumberCt: Uint8Array | null;
  cardExpiryCt: Uint8Array | null;
  cardRetainedUntil: string | null;
  keyVersion: number | null;
  idempotencyKey: string | null;
  /** The settlement batch it closed into; null until settled. A settled transaction can be refunded, not voided. */
  batchId: string | null;
  settledAt: string | null;
  /** Authorize.Net's name when not a plain charge or refund: a captureOnly with an outside authCode, or an unlinked credit. */
  anetKind: 'captureOnly' | 'credit' | null;
  createdAt: string;
  updatedAt: string;
}

/** A merchant's settlement and permission settings (defaults when the row does not exist). */
export interface MerchantSettingsRecord {
  merchantId: string;
  /** Daily cut-off in minutes after 00:00 UTC. */
  settlementCutoffMinutes: number;
  unlinkedCredits: boolean;
  updatedAt: string;
}

export interface MerchantSettingsStore {
  get(merchantId: string): Promise<MerchantSettingsRecord | null>;
  /** Inserts or replaces the merchant's settings (one query). */
  put(record: MerchantSettingsRecord): Promise<void>;
}

/** Where a merchant's new transactions go; no row means the built-in sandbox. */
export interface MerchantProcessorRecord {
  merchantId: string;
  processor: 'sandbox' | 'authorizenet';
  /** The gateway's URL (authorizenet); null for the sandbox. */
  endpoint: string | null;
  /** Credentials sealed with the merchant's data key (domain/processor-settings.ts); null for the sandbox. */
  apiLoginIdCt: Uint8Array | null;
  transactionKeyCt: Uint8Array | null;
  updatedAt: string;
}

export interface MerchantProcessorStore {
  get(merchantId: string): Promise<MerchantProcessorRecord | null>;
  /** Inserts or replaces the merchant's processor (one query). */
  put(record: MerchantProcessorRecord): Promise<void>;
}

/** Captures and refunds of one payment type that closed at one cut-off. */
export interface SettlementBatchRecord {
  id: string;
  merchantId: string;
  paymentType: TransactionRecord['paymentType'];
  cutoffAt: string;
  settledAt: string;
}

export interface SettlementStore {
  /** Inserts the batch unless the merchant already has one for that cut-off and payment type; true when this call inserted it. */
  insertBatchIfAbsent(batch: SettlementBatchRecord): Promise<boolean>;
  findBatch(merchantId: string, cutoffAt: string, paymentType: TransactionRecord['paymentType']): Promise<SettlementBatchRecord | null>;
  getBatch(merchantId: string, id: string): Promise<SettlementBatchRecord | null>;
  /** Batches settled in [from, to), oldest first. */
  listBatches(merchantId: string, range: { from: string; to: string }): Promise<SettlementBatchRecord[]>;
}

export interface SubscriptionRecord {
  id: string;
  merchantId: string;
  name: string | null;
  status: 'active' | 'expired' | 'suspended' | 'canceled' | 'terminated';
  intervalLength: number;
  intervalUnit: 'days' | 'months';
  /** YYYY-MM-DD (UTC). */
  startDate: string;
  /** 9999 = until canceled. */
  totalOccurrences: number;
  trialOccurrences: number;
  amountMinor: number;
  trialAmountMinor: number;
  currency: string;
  customerId: string;
  paymentProfileId: string;
  shippingAddressId: string | null;
  orderId: string | null;
  description: string | null;
  /** The next occurrence (1-based) to charge, and its date; null date once none is left. */
  nextOccurrence: number;
  nextDueDate: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SubscriptionOccurrenceRecord {
  subscriptionId: string;
  occurrence: number;
  merchantId: string;
  dueDate: string;
  amountMinor: number;
  claimedAt: string;
  transactionId: string | null;
}

export interface SubscriptionStore {
  insert(subscription: SubscriptionRecord): Promise<void>;
  get(merchantId: string, id: string): Promise<SubscriptionRecord | null>;
  update(merchantId: string, id: string, patch: Partial<Omit<SubscriptionRecord, 'id' | 'merchantId' | 'createdAt'>>): Promise<SubscriptionRecord>;
  /** Moves the schedule on only if `nextOccurrence` is still `expected` (one conditional UPDATE); null if another caller moved it. */
  advance(merchantId: string, id: string, expected: number, patch: Pick<SubscriptionRecord, 'nextOccurrence' | 'nextDueDate' | 'status' | 'updatedAt'>): Promise<SubscriptionRecord | null>;
  listForMerchant(merchantId: string): Promise<SubscriptionRecord[]>;
  /** Active subscriptions of every merchant whose next occurrence is due on or before `date` (YYYY-MM-DD). */
  listDue(date: string, limit: number): Promise<SubscriptionRecord[]>;
  /** The claim: inserts the occurrence unless it exists (primary key subscription+occurrence); true when this call inserted it. */
  claimOccurrence(occurrence: SubscriptionOccurrenceRecord): Promise<boolean>;
  finishOccurrence(merchantId: string, subscriptionId: string, occurrence: number, transactionId: string): Promise<void>;
  listOccurrences(merchantId: string, subscriptionId: string): Promise<SubscriptionOccurrenceRecord[]>;
  /** Claims of every merchant still without an answer, claimed before `before` (a crash between claim and answer). */
  listUnfinishedOccurrences(before: string, limit: number): Promise<SubscriptionOccurrenceRecord[]>;
}

/** Where a merchant's webhooks go; the signing secret sealed (AAD merchant/endpoint/field). */
export interface WebhookEndpointRecord {
  id: string;
  merchantId: string;
  url: string;
  description: string | null;
  /** Event types it takes; empty = every event. */
  events: string[];
  enabled: boolean;
  /** Why it was disabled ("410 Gone", "by the merchant"); null while enabled. */
  disabledReason: string | null;
  secretCt: Uint8Array;
  keyVersion: number;
  createdAt: string;
  updatedAt: string;
}

/** One event of the outbox / event log. `payload` is JSON with ids and masked data only. */
export interface WebhookEventRecord {
  id: string;
  merchantId: string;
  type: string;
  payload: string;
  createdAt: string;
}

export interface WebhookDeliveryRecord {
  id: string;
  merchantId: string;
  eventId: string;
  endpointId: string;
  status: 'pending' | 'succeeded' | 'failed';
  /** Attempts made so far. */
  attempts: number;
  /** When a pending delivery is due next; null once finished. */
  nextAttemptAt: string | null;
  leaseToken: string | null;
  leaseUntil: string | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookAttemptRecord {
  merchantId: string;
  deliveryId: string;
  attempt: number;
  at: string;
  responseStatus: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
}

export type WebhookEndpointPatch = Partial<Pick<WebhookEndpointRecord, 'url' | 'description' | 'events' | 'enabled' | 'disabledReason' | 'secretCt' | 'keyVersion' | 'updatedAt'>>;
export type WebhookAttemptOutcome = Pick<WebhookDeliveryRecord, 'status' | 'nextAttemptAt' | 'lastResponseStatus' | 'lastError' | 'updatedAt'>;

export interface WebhookStore {
  insertEndpoint(endpoint: WebhookEndpointRecord): Promise<void>;
  getEndpoint(merchantId: string, id: string): Promise<WebhookEndpointRecord | null>;
  /** Oldest first. */
  listEndpoints(merchantId: string): Promise<WebhookEndpointRecord[]>;
  /** NotFoundError when the merchant has no such endpoint. */
  updateEndpoint(merchantId: string, id: string, patch: WebhookEndpointPatch): Promise<WebhookEndpointRecord>;
  /** Deletes it and its deliveries; NotFoundError when the merchant has no such endpoint. */
  deleteEndpoint(merchantId: string, id: string): Promise<void>;
  /**
   * The outbox: inserts the event and, due at its createdAt, a pending delivery to each enabled
   * endpoint of the merchant that takes its type. Call it inside the transaction that makes the change.
   * False (and nothing written) when the event id is taken: the caller tries another.
   */
  appendEvent(event: WebhookEventRecord): Promise<boolean>;
  /** Redelivery: new pending deliveries of a stored event, due at `dueAt`, to the enabled endpoints that take it (or to `endpointId` alone). Returns how many. */
  enqueueDeliveries(merchantId: string, eventId: string, dueAt: string, endpointId?: string): Promise<number>;
  getEvent(merchantId: string, id: string): Promise<WebhookEventRecord | null>;
  /** Newest first. */
  listEvents(merchantId: string, page: PageRequest, filter?: { type?: string | undefined }): Promise<PageResult<WebhookEventRecord>>;
  listDeliveriesForEvent(merchantId: string, eventId: string): Promise<WebhookDeliveryRecord[]>;
  /** Newest first, at most `limit`, of one endpoint or all. */
  listDeliveries(merchantId: string, filter: { endpointId?: string | undefined }, limit: number): Promise<WebhookDeliveryRecord[]>;
  listAttempts(merchantId: string, deliveryId: string): Promise<WebhookAttemptRecord[]>;
  /**
   * Every merchant's pending deliveries due by `now` whose endpoint is enabled and whose lease is
   * free (or ran out), up to `limit`, leased to `token` until `leaseUntil` by one conditional
   * UPDATE: two workers never claim the same attempt.
   */
  claimDue(now: string, leaseUntil: string, token: string, limit: number): Promise<WebhookDeliveryRecord[]>;
  /** Records an attempt's outcome (attempts + 1, lease freed) only while `token` holds the lease; null when it does not. */
  finishAttempt(merchantId: string, id: string, token: string, outcome: WebhookAttemptOutcome): Promise<WebhookDeliveryRecord | null>;
  insertAttempt(attempt: WebhookAttemptRecord): Promise<void>;
  /** The claim of a payment_profile.expiring event: true when this call inserted (merchant, profile, month). */
  claimExpiryNotice(merchantId: string, paymentProfileId: string, month: string, at: string): Promise<boolean>;
  /** Retention: deletes up to `limit` of the merchant's oldest events created before `before`, with their deliveries and attempts. Returns how many events. */
  deleteEventsBefore(merchantId: string, before: string, limit: number): Promise<number>;
  /** Retention: forgets the merchant's expiry claims made before `before` (a claim matters only in the month it was made). */
  deleteExpiryNoticesBefore(merchantId: string, before: string): Promise<number>;
}

export interface IdempotencyRecord {
  merchantId: string;
  key: string;
  requestHash: string;
  state: 'running' | 'done';
  lockedUntil: string | null;
  responseStatus: number | null;
  responseBody: string | null;
  createdAt: string;
  expiresAt: string;
}

/** Filters of the merchant-wide transaction list; each one given narrows it. */
export interface TransactionFilter {
  customerId?: string | undefined;
  type?: TransactionRecord['type'] | undefined;
  /** The derived state (transactionState), matched by one SQL condition per state (store/transaction-states.ts). */
  state?: TransactionState | undefined;
  /** Authorisations created at or before this instant are expired; needed by the `authorized` and `expired` states. */
  authorizationCutoff: string;
  /** Inclusive. */
  createdFrom?: string | undefined;
  /** Exclusive. */
  createdTo?: string | undefined;
}

export interface TransactionStore {
  /** Throws DuplicateError('idempotency_in_progress') when the merchant already has a transaction with this idempotency key. */
  insert(transaction: TransactionRecord): Promise<void>;
  get(merchantId: string, id: string): Promise<TransactionRecord | null>;
  getByIdempotencyKey(merchantId: string, key: string): Promise<TransactionRecord | null>;
  /** The newest transaction with the same duplicate key, type, amount and currency since `since`, not counting errors. */
  findDuplicate(merchantId: string, match: { duplicateKey: string; type: TransactionRecord['type']; amountMinor: number; currency: string; since: string }): Promise<TransactionRecord | null>;
  update(merchantId: string, id: string, patch: Partial<Omit<TransactionRecord, 'id' | 'merchantId' | 'createdAt'>>): Promise<TransactionRecord>;
  /** Records an answer only while the transaction is still pending (one query); null if another attempt recorded one first. */
  settle(merchantId: string, id: string, patch: Partial<Omit<TransactionRecord, 'id' | 'merchantId' | 'createdAt'>>): Promise<TransactionRecord | null>;
  listForCustomer(merchantId: string, customerId: string, page: PageRequest): Promise<PageResult<TransactionRecord>>;
  /** The merchant's transactions matching every given filter, newest first (transactions_created). */
  listForMerchant(merchantId: string, filter: TransactionFilter, page: PageRequest): Promise<PageResult<TransactionRecord>>;
  /** Maintenance: wipes kept one-time card ciphertext whose time is up, for every merchant. Returns rows wiped. */
  wipeExpiredCards(now: string): Promise<number>;
  /** Approved, captured (or refunded), not voided, not batched, no action under way, captured before `before`; oldest first. */
  listSettleable(merchantId: string, before: string): Promise<TransactionRecord[]>;
  /** Merchants that have settleable transactions captured before `before` (for the scheduler). */
  listMerchantsWithSettleable(before: string): Promise<string[]>;
  /** Puts the listed transactions in the batch, each only if still settleable (one conditional UPDATE). Returns rows assigned. */
  assignBatch(merchantId: string, ids: string[], batchId: string, settledAt: string): Promise<number>;
  listForBatch(merchantId: string, batchId: string): Promise<TransactionRecord[]>;
  /** Not in a batch and not finished (authorised, captured, held, refund pending), newest first, at most `limit`. */
  listUnsettled(merchantId: string, limit: number): Promise<TransactionRecord[]>;
}

export interface IdempotencyStore {
  get(merchantId: string, key: string): Promise<IdempotencyRecord | null>;
  /** Throws DuplicateError('idempotency_in_progress') if the key exists. */
  insert(record: IdempotencyRecord): Promise<void>;
  update(merchantId: string, key: string, patch: Partial<Pick<IdempotencyRecord, 'state' | 'lockedUntil' | 'responseStatus' | 'responseBody' | 'requestHash' | 'createdAt' | 'expiresAt'>>): Promise<void>;
  delete(merchantId: string, key: string): Promise<void>;
  /** Maintenance: removes records past their 24 h, for every merchant. Returns rows removed. */
  deleteExpired(now: string): Promise<number>;
}

/** A merchant's outbound request template for the forwarding proxy; headers and body sealed. */
export interface ForwardTemplateRecord {
  merchantId: string;
  id: string;
  name: string | null;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  bodyType: 'json' | 'form' | 'xml' | 'none';
  /** `{headers, body}` as JSON, sealed under the merchant's data key (field "template"). */
  templateCt: Uint8Array;
  keyVersion: number;
  createdAt: string;
}

export interface ForwardTemplateStore {
  insert(template: ForwardTemplateRecord): Promise<void>;
  get(merchantId: string, id: string): Promise<ForwardTemplateRecord | null>;
  list(merchantId: string): Promise<ForwardTemplateRecord[]>;
  /** Not-found when there is no such template of this merchant. */
  delete(merchantId: string, id: string): Promise<void>;
}

/** CIM's key pair for one vault-migration envelope format; the private half sealed under the master key. */
export interface ImportKeyRecord {
  kind: 'jwe' | 'pgp';
  /** A public JWK (JSON) or an armored OpenPGP public key. */
  publicKey: string;
  privateCt: Uint8Array;
  kekVersion: number;
  createdAt: string;
}

/** Installation-wide, like signing keys. */
export interface ImportKeyStore {
  /** Inserts unless a key of that kind exists; true when this call inserted it. */
  insertIfAbsent(key: ImportKeyRecord): Promise<boolean>;
  list(): Promise<ImportKeyRecord[]>;
  /** Compare-and-set on the master key version, for a master-key rotation. */
  rewrap(kind: ImportKeyRecord['kind'], fromKek: number, toKek: number, privateCt: Uint8Array): Promise<boolean>;
}

/** The primitives available inside and outside a transaction. */
export interface Stores {
  merchants: MerchantStore;
  merchantKeys: MerchantKeyStore;
  sealedData: SealedDataStore;
  customers: CustomerStore;
  paymentProfiles: PaymentProfileStore;
  shippingAddresses: ShippingAddressStore;
  audit: AuditStore;
  rateLimits: RateLimitStore;
  sessions: SessionStore;
  signingKeys: SigningKeyStore;
  tokenUses: TokenUseStore;
  transactions: TransactionStore;
  idempotencyKeys: IdempotencyStore;
  merchantSettings: MerchantSettingsStore;
  merchantProcessors: MerchantProcessorStore;
  settlement: SettlementStore;
  subscriptions: SubscriptionStore;
  staff: StaffStore;
  staffSessions: StaffSessionStore;
  webhooks: WebhookStore;
  forwardTemplates: ForwardTemplateStore;
  importKeys: ImportKeyStore;
}

export interface Store extends Stores {
  /**
   * Runs `fn` atomically: all of its writes commit durably together, or none do.
   * Inside `fn` await only store calls (no network, timers or other I/O): the
   * SQLite store groups concurrent transactions into one commit.
   * The promise settles only after the commit is durable.
   */
  transaction<T>(fn: (tx: Stores) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Backend name, for logs and the bench. */
  readonly kind: 'sqlite' | 'postgres';
}
