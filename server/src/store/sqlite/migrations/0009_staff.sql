-- Merchant console (issue 16): the people who run a shop sign in as staff of one merchant.
-- Emails are unique across the installation: sign-in names no merchant.
CREATE TABLE staff_accounts (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  -- scrypt$N$r$p$salt$hash (base64url); never the password.
  password_hash TEXT NOT NULL,
  -- 1 until the staff member replaces the one-time password `cim staff create` printed.
  password_must_change INTEGER NOT NULL DEFAULT 1 CHECK (password_must_change IN (0, 1)),
  failed_sign_ins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX staff_accounts_merchant ON staff_accounts (merchant_id, email);

-- Signed-in browsers. Only a SHA-256 of the cookie value is kept.
CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
  merchant_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);
CREATE INDEX staff_sessions_expires ON staff_sessions (expires_at);

-- The console's audit page filters by actor, action and record within one merchant, newest first.
CREATE INDEX audit_log_merchant_actor ON audit_log (merchant_id, actor, id);
CREATE INDEX audit_log_merchant_record ON audit_log (merchant_id, record_id, id);
