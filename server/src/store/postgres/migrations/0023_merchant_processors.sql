-- Which processor a merchant's new transactions go to (mirrors SQLite 0023). No row: the built-in sandbox.
CREATE TABLE merchant_processors (
  merchant_id text PRIMARY KEY REFERENCES merchants (id) ON DELETE CASCADE,
  processor text NOT NULL CHECK (processor IN ('sandbox', 'authorizenet')),
  -- The gateway's URL (authorizenet only); part of the credentials' associated data, so a changed URL cannot open them.
  endpoint text,
  -- Gateway credentials sealed with the merchant's data key (AES-256-GCM, associated data: merchant, processor, endpoint, field).
  api_login_id_ct bytea,
  transaction_key_ct bytea,
  updated_at timestamptz NOT NULL,
  CHECK ((processor = 'sandbox') = (endpoint IS NULL AND api_login_id_ct IS NULL AND transaction_key_ct IS NULL))
);
COMMENT ON TABLE merchant_processors IS 'cim:tenant';
