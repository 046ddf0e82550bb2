-- Checkout sessions, the server's token-signing keys, and the ids of redeemed result tokens.
CREATE TABLE checkout_sessions (
  id TEXT PRIMARY KEY,
  -- SHA-256 of the bearer token; the token itself is never stored.
  token_hash TEXT NOT NULL UNIQUE,
  merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
  -- Set at creation for a returning shopper, or by the first save for a new one.
  -- A deleted customer ends the session's wallet with it.
  customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,
  merchant_customer_id TEXT,
  origin TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('checkout', 'vault')),
  allow_remove INTEGER NOT NULL,
  billing_address TEXT NOT NULL CHECK (billing_address IN ('postal', 'full')),
  collect_shipping INTEGER NOT NULL,
  card_saves INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX checkout_sessions_expiry ON checkout_sessions (expires_at);

CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  -- The public JWK as published in /.well-known/jwks.json.
  public_jwk TEXT NOT NULL,
  -- PKCS#8 private key sealed with AES-256-GCM under the master key, bound to the kid.
  private_ct BLOB NOT NULL,
  kek_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  -- Published from created_at; signs from active_from (created_at + the JWKS cache time).
  active_from TEXT NOT NULL
) STRICT;
CREATE INDEX signing_keys_active ON signing_keys (active_from);

-- One row per redeemed result token: the primary key makes redemption single-use under concurrency.
CREATE TABLE used_checkout_tokens (
  jti TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  used_at TEXT NOT NULL,
  -- After this the token fails verification anyway, so the row may be pruned.
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX used_checkout_tokens_expiry ON used_checkout_tokens (expires_at);
