-- Which processor a merchant's new transactions go to. No row: the built-in sandbox.
CREATE TABLE merchant_processors (
  merchant_id TEXT PRIMARY KEY REFERENCES merchants(id) ON DELETE CASCADE,
  processor TEXT NOT NULL CHECK (processor IN ('sandbox', 'authorizenet')),
  -- The gateway's URL (authorizenet only); part of the credentials' associated data, so a changed URL cannot open them.
  endpoint TEXT,
  -- Gateway credentials sealed with the merchant's data key (AES-256-GCM, associated data: merchant, processor, endpoint, field).
  api_login_id_ct BLOB,
  transaction_key_ct BLOB,
  updated_at TEXT NOT NULL,
  CHECK ((processor = 'sandbox') = (endpoint IS NULL AND api_login_id_ct IS NULL AND transaction_key_ct IS NULL))
) STRICT;
