-- Repeated failed authentications from one address are one row per window with a count,
-- so an unauthenticated flood cannot grow the audit log without bound.
ALTER TABLE audit_log ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN last_at TEXT;
ALTER TABLE audit_log ADD COLUMN window_key TEXT;
CREATE UNIQUE INDEX audit_log_window ON audit_log (window_key) WHERE window_key IS NOT NULL;

-- Token buckets shared by every CIM instance on this database (rate limits hold behind a load balancer).
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  tokens REAL NOT NULL,
  updated_ms INTEGER NOT NULL,
  allowed INTEGER NOT NULL
) STRICT;

-- Credential rotation: the key replaced by a rotation stays valid until *_until (the overlap the operator set).
ALTER TABLE merchants ADD COLUMN previous_secret_key_hash TEXT;
ALTER TABLE merchants ADD COLUMN previous_secret_key_until TEXT;
ALTER TABLE merchants ADD COLUMN previous_transaction_key_hash TEXT;
ALTER TABLE merchants ADD COLUMN previous_transaction_key_until TEXT;
CREATE INDEX merchants_previous_secret_key ON merchants (previous_secret_key_hash) WHERE previous_secret_key_hash IS NOT NULL;
