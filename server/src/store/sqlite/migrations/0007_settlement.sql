-- Settlement: captures and refunds close into batches at each merchant's daily cut-off.
CREATE TABLE merchant_settings (
  merchant_id TEXT PRIMARY KEY REFERENCES merchants(id) ON DELETE CASCADE,
  -- Daily settlement cut-off, in minutes after 00:00 UTC (0 = midnight UTC).
  settlement_cutoff_minutes INTEGER NOT NULL DEFAULT 0 CHECK (settlement_cutoff_minutes BETWEEN 0 AND 1439),
  -- Refunds without a referenced transaction (Authorize.Net's "unlinked credits"): off unless enabled.
  unlinked_credits INTEGER NOT NULL DEFAULT 0 CHECK (unlinked_credits IN (0, 1)),
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE settlement_batches (
  id INTEGER PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
  payment_type TEXT NOT NULL CHECK (payment_type IN ('card', 'bankAccount')),
  -- The cut-off this batch closed at. One batch per merchant, cut-off and payment type: several
  -- instances settling at once all land on the same row (INSERT … ON CONFLICT DO NOTHING).
  cutoff_at TEXT NOT NULL,
  settled_at TEXT NOT NULL,
  UNIQUE (merchant_id, cutoff_at, payment_type)
) STRICT;
CREATE INDEX settlement_batches_time ON settlement_batches (merchant_id, settled_at);

-- A transaction is settled once it has a batch; assigned only WHERE batch_id IS NULL, so at most once.
ALTER TABLE transactions ADD COLUMN batch_id INTEGER;
ALTER TABLE transactions ADD COLUMN settled_at TEXT;
-- How Authorize.Net names the transaction when it is not plain: 'captureOnly', 'credit' (unlinked).
ALTER TABLE transactions ADD COLUMN anet_kind TEXT CHECK (anet_kind IN ('captureOnly', 'credit'));
CREATE INDEX transactions_unbatched ON transactions (merchant_id, captured_at) WHERE batch_id IS NULL AND captured_at IS NOT NULL;
CREATE INDEX transactions_batch ON transactions (merchant_id, batch_id) WHERE batch_id IS NOT NULL;
