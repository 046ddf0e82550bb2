-- Transactions (charges, captures, voids, refunds) and Idempotency-Key records.
CREATE TABLE transactions (
  merchant_id text NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  id bigint NOT NULL,
  type text NOT NULL CHECK (type IN ('authCapture', 'authOnly', 'refund')),
  -- Refunds: the transaction refunded.
  parent_id bigint,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'error', 'heldForReview')),
  currency text NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
  captured_minor bigint NOT NULL DEFAULT 0,
  refunded_minor bigint NOT NULL DEFAULT 0,
  -- Refunds started but not yet answered by the processor; counted against the limit.
  refund_reserved_minor bigint NOT NULL DEFAULT 0,
  pending_action text CHECK (pending_action IN ('capture', 'void')),
  pending_amount_minor bigint,
  pending_reference text,
  captured_at timestamptz,
  voided_at timestamptz,
  -- No foreign keys to the vault: the history outlives a deleted profile.
  customer_id bigint,
  payment_profile_id bigint,
  shipping_address_id bigint,
  source text NOT NULL CHECK (source IN ('profile', 'token', 'card', 'parent')),
  payment_type text NOT NULL CHECK (payment_type IN ('card', 'bankAccount')),
  -- Masked only: brand (or bank account type) and last four.
  brand text,
  last4 text NOT NULL,
  -- "pp:<paymentProfileId>" or "fp:<keyed HMAC of the card>": what the duplicate window compares.
  duplicate_key text,
  response_code integer,
  reason_code integer,
  reason_text text,
  decline_code text,
  auth_code text,
  avs_result text,
  cvc_result text,
  processor text NOT NULL,
  processor_transaction_id text,
  order_id text,
  description text,
  bill_to text,
  ship_to text,
  customer_info text,
  -- One-time card kept (encrypted, bound to this record) only for /v1/customers/from-transaction;
  -- wiped when used or when card_retained_until passes.
  card_number_ct bytea,
  card_expiry_ct bytea,
  card_retained_until timestamptz,
  key_version integer,
  idempotency_key text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, id)
);
COMMENT ON TABLE transactions IS 'cim:tenant';
CREATE INDEX transactions_customer ON transactions (merchant_id, customer_id, created_at, id);
CREATE INDEX transactions_duplicate ON transactions (merchant_id, duplicate_key, created_at) WHERE duplicate_key IS NOT NULL;
CREATE UNIQUE INDEX transactions_idempotency ON transactions (merchant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX transactions_card_retained ON transactions (card_retained_until) WHERE card_retained_until IS NOT NULL;

CREATE TABLE idempotency_keys (
  merchant_id text NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  key text NOT NULL,
  -- Keyed HMAC (merchant fingerprint key) of method, path and body: the same key with another request is refused.
  request_hash text NOT NULL,
  state text NOT NULL CHECK (state IN ('running', 'done')),
  -- While running: until when the current attempt owns the key.
  locked_until timestamptz,
  response_status integer,
  response_body text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, key)
);
COMMENT ON TABLE idempotency_keys IS 'cim:tenant';
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
