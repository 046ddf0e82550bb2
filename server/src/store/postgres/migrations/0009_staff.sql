-- Merchant console (mirrors SQLite 0009): the people who run a shop sign in as staff of one merchant.
--
-- Reference tables, not tenant tables: sign-in names no merchant (emails are unique across the
-- installation, and the cookie is looked up by its hash alone), the tables are small (a shop's
-- staff and their browsers) and written rarely, so on Citus every node keeps a copy and each
-- lookup stays local. merchant_id is still on every row and every console query filters by it.
CREATE TABLE staff_accounts (
  id text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  email text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  -- scrypt$N$r$p$salt$hash (base64url); never the password.
  password_hash text NOT NULL,
  -- true until the staff member replaces the one-time password `cim staff create` printed.
  password_must_change boolean NOT NULL DEFAULT true,
  failed_sign_ins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL
);
COMMENT ON TABLE staff_accounts IS 'cim:reference';
CREATE INDEX staff_accounts_merchant ON staff_accounts (merchant_id, email);

-- Signed-in browsers. Only a SHA-256 of the cookie value is kept.
CREATE TABLE staff_sessions (
  token_hash text PRIMARY KEY,
  staff_id text NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
  merchant_id text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
COMMENT ON TABLE staff_sessions IS 'cim:reference';
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);
CREATE INDEX staff_sessions_expires ON staff_sessions (expires_at);

-- The console's audit page filters by actor, action and record within one merchant, newest first
-- (the primary key (merchant_id, id) serves the unfiltered page).
CREATE INDEX audit_log_merchant_actor ON audit_log (merchant_id, actor, id);
CREATE INDEX audit_log_merchant_record ON audit_log (merchant_id, record_id, id);
