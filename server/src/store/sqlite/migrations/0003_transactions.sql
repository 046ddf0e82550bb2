-- Transactions (charges, captures, voids, refunds) and Idempotency-Key records.
CREATE TABLE transactions (
  id INTEGER PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('authCapture', 'authOnly', 'refund')),
  -- Refunds: the transaction refunded.
  parent_id INTEGER,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'error', 'heldForReview')),
  currency TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  captured_minor INTEGER NOT NULL DEFAULT 0,
  refunded_minor INTEGER NOT NULL DEFAULT 0,
  -- Refunds started but not yet answered by the processor; counted against the limit.
  refund_reserved_minor INTEGER NOT NULL DEFAULT 0,
  pending_action TEXT CHECK (pending_action IN ('capture', 'void')),
  pending_amount_minor INTEGER,
  -- The processor idempotency reference of the capture or void under way.
  pending_reference TEXT,
  captured_at TEXT,
  voided_at TEXT,
  -- No foreign keys: the history outlives a deleted profile.
  customer_id INTEGER,
  payment_profile_id INTEGER,
  shipping_address_id INTEGER,
  source TEXT NOT NULL CHECK (source IN ('profile', 'token', 'card', 'parent')),
  payment_type TEXT NOT NULL CHECK (payment_type IN ('card', 'bankAccount')),
  -- Masked only: brand (or bank account type) and last four.
  brand TEXT,
  last4 TEXT NOT NULL,
  -- "pp:<paymentProfileId>" or "fp:<keyed HMAC of the card>": what the duplicate window compares.
  duplicate_key TEXT,
  response_code INTEGER,
  reason_code INTEGER,
  reason_text TEXT,
  decline_code TEXT,
  auth_code TEXT,
  avs_result TEXT,
  cvc_result TEXT,
  processor TEXT NOT NULL,
  processor_transaction_id TEXT,
  order_id TEXT,
  description TEXT,
  bill_to TEXT,
  ship_to TEXT,
  customer_info TEXT,
  -- One-time card kept (encrypted, bound to this record) only so /v1/customers/from-transaction
  -- can save it; wiped when used or when card_retained_until passes.
  card_number_ct BLOB,
  card_expiry_ct BLOB,
  card_retained_until TEXT,
  key_version INTEGER,
  idempotency_key TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX transactions_customer ON transactions (merchant_id, customer_id, created_at, id);
CREATE INDEX transactions_duplicate ON transactions (merchant_id, duplicate_key, created_at) WHERE duplicate_key IS NOT NULL;
CREATE UNIQUE INDEX transactions_idempotency ON transactions (merchant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX transactions_card_retained ON transactions (card_retained_until) WHERE card_retained_until IS NOT NULL;

CREATE TABLE idempotency_keys (
  merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  -- Keyed HMAC (merchant fingerprint key) of method, path and body: the same key with another request is refused.
  request_hash TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'done')),
  -- While running: until when the current attempt owns the key.
  locked_until TEXT,
  response_status INTEGER,
  response_body TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (merchant_id, key)
) STRICT;
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
