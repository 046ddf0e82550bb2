-- Security hardening (mirrors SQLite 0005): repeated failed authentications, shared rate limits,
-- merchant credential rotation.

-- Repeated failed authentications from one address are one row per window with a count, so an
-- unauthenticated flood cannot grow the audit log without bound. Such rows carry merchant_id ''
-- (0001), so the window key is unique per merchant_id, which starts the index as on every tenant table.
ALTER TABLE audit_log ADD COLUMN count integer NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN last_at timestamptz;
ALTER TABLE audit_log ADD COLUMN window_key text;
CREATE UNIQUE INDEX audit_log_window ON audit_log (merchant_id, window_key) WHERE window_key IS NOT NULL;

-- Token buckets shared by every CIM instance on this database (rate limits hold behind a load balancer).
-- The keys are not per merchant (an address's bucket spans merchants), and every widget request writes
-- one: neither a tenant table nor a reference table (copied to every node on each write). On Citus
-- it is distributed by its own key, not co-located with the merchants (docs/scaling.md).
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  updated_ms bigint NOT NULL,
  allowed boolean NOT NULL
);
COMMENT ON TABLE rate_limits IS 'cim:distributed:key';
-- No index on updated_ms for deleteIdle (a daily sweep that may scan): every take rewrites
-- updated_ms, and an index on it would turn each take into a non-HOT update of two b-trees.

-- Credential rotation: the key replaced by a rotation stays valid until *_until (the overlap the operator set).
ALTER TABLE merchants ADD COLUMN previous_secret_key_hash text;
ALTER TABLE merchants ADD COLUMN previous_secret_key_until timestamptz;
ALTER TABLE merchants ADD COLUMN previous_transaction_key_hash text;
ALTER TABLE merchants ADD COLUMN previous_transaction_key_until timestamptz;
CREATE INDEX merchants_previous_secret_key ON merchants (previous_secret_key_hash) WHERE previous_secret_key_hash IS NOT NULL;
