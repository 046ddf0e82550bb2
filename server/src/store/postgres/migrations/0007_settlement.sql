-- Settlement (mirrors SQLite 0007): captures and refunds close into batches at each merchant's daily cut-off.
CREATE TABLE merchant_settings (
  merchant_id text PRIMARY KEY REFERENCES merchants (id) ON DELETE CASCADE,
  -- Daily settlement cut-off, in minutes after 00:00 UTC (0 = midnight UTC).
  settlement_cutoff_minutes integer NOT NULL DEFAULT 0 CHECK (settlement_cutoff_minutes BETWEEN 0 AND 1439),
  -- Refunds without a referenced transaction (Authorize.Net's "unlinked credits"): off unless enabled.
  unlinked_credits boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL
);
COMMENT ON TABLE merchant_settings IS 'cim:tenant';

CREATE TABLE settlement_batches (
  merchant_id text NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  id bigint NOT NULL,
  payment_type text NOT NULL CHECK (payment_type IN ('card', 'bankAccount')),
  -- The cut-off this batch closed at. One batch per merchant, cut-off and payment type: several
  -- instances settling at once all land on the same row (INSERT … ON CONFLICT DO NOTHING).
  cutoff_at timestamptz NOT NULL,
  settled_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, id),
  UNIQUE (merchant_id, cutoff_at, payment_type)
);
COMMENT ON TABLE settlement_batches IS 'cim:tenant';
-- listBatches: one merchant's batches settled in a time range.
CREATE INDEX settlement_batches_time ON settlement_batches (merchant_id, settled_at, id);

-- A transaction is settled once it has a batch; assigned only WHERE batch_id IS NULL, so at most once.
ALTER TABLE transactions ADD COLUMN batch_id bigint;
ALTER TABLE transactions ADD COLUMN settled_at timestamptz;
-- How Authorize.Net names the transaction when it is not plain: 'captureOnly', 'credit' (unlinked).
ALTER TABLE transactions ADD COLUMN anet_kind text CHECK (anet_kind IN ('captureOnly', 'credit'));
-- listSettleable / listMerchantsWithSettleable: captured, not yet batched, by capture time.
CREATE INDEX transactions_unbatched ON transactions (merchant_id, captured_at, id) WHERE batch_id IS NULL AND captured_at IS NOT NULL;
-- listForBatch.
CREATE INDEX transactions_batch ON transactions (merchant_id, batch_id) WHERE batch_id IS NOT NULL;
-- listUnsettled: not batched (authorisations not captured yet included), newest first.
CREATE INDEX transactions_unsettled ON transactions (merchant_id, created_at DESC, id DESC) WHERE batch_id IS NULL AND voided_at IS NULL;
