/**
 * Record field → column names and refusal messages that every SQL backend
 * shares (SQLite and PostgreSQL name their columns alike), so that a field is
 * named in one place.
 */
export const CUSTOMER_COLUMNS: Record<string, string> = {
  merchantCustomerId: 'merchant_customer_id',
  email: 'email',
  description: 'description',
  updatedAt: 'updated_at',
};

export const PAYMENT_PROFILE_COLUMNS: Record<string, string> = {
  type: 'type', brand: 'brand', last4: 'last4', bin: 'bin', numberCt: 'number_ct', expiryCt: 'expiry_ct', routingCt: 'routing_ct',
  routingLast4: 'routing_last4', accountType: 'account_type', nameOnAccount: 'name_on_account', bankName: 'bank_name',
  fingerprint: 'fingerprint', expiryTag: 'expiry_tag', keyVersion: 'key_version', billTo: 'bill_to', customerType: 'customer_type',
  isDefault: 'is_default', provisionalSessionId: 'provisional_session_id', provisionalUntil: 'provisional_until', updatedAt: 'updated_at',
};

/** The Address fields of a shipping address. */
export const ADDRESS_FIELDS = {
  firstName: 'first_name', lastName: 'last_name', company: 'company', address: 'address', city: 'city',
  state: 'state', zip: 'zip', country: 'country', phoneNumber: 'phone_number',
} as const;

export const SHIPPING_ADDRESS_COLUMNS: Record<string, string> = { ...ADDRESS_FIELDS, isDefault: 'is_default', updatedAt: 'updated_at' };

export const IDEMPOTENCY_COLUMNS: Record<string, string> = {
  state: 'state', lockedUntil: 'locked_until', responseStatus: 'response_status', responseBody: 'response_body',
  requestHash: 'request_hash', createdAt: 'created_at', expiresAt: 'expires_at',
};

export const DUPLICATE_CUSTOMER = 'A customer profile with the same merchantCustomerId, email and description already exists.';
export const PAYMENT_PROFILE_DEFAULT_TAKEN = 'Another payment profile is already the default.';
export const SHIPPING_ADDRESS_DEFAULT_TAKEN = 'Another shipping address is already the default.';
