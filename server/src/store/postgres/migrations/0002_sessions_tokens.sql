-- Checkout sessions, the server's token-signing keys, and the ids of redeemed result tokens.
CREATE TABLE checkout_sessions (
  merchant_id text NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  id text NOT NULL,
  -- SHA-256 of the bearer token; the token itself is never stored.
  token_hash text NOT NULL,
  -- Set at creation for a returning shopper, or by the first save for a new one.
  customer_id bigint,
  merchant_customer_id text,
  origin text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('checkout', 'vault')),
  allow_remove boolean NOT NULL,
  billing_address text NOT NULL CHECK (billing_address IN ('postal', 'full')),
  collect_shipping boolean NOT NULL,
  card_saves integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, id),
  -- A deleted customer ends the session's wallet with it.
  FOREIGN KEY (merchant_id, customer_id) REFERENCES customers (merchant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE checkout_sessions IS 'cim:tenant';
-- The widget finds its session by the bearer token alone (it does not know the
-- merchant): unique per merchant, and a 256-bit hash never repeats across merchants.
-- On Citus this one lookup fans out to every shard (docs/scaling.md).
CREATE UNIQUE INDEX checkout_sessions_token ON checkout_sessions (merchant_id, token_hash);
CREATE INDEX checkout_sessions_token_lookup ON checkout_sessions (token_hash);
CREATE INDEX checkout_sessions_expiry ON checkout_sessions (expires_at);

CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  -- The public JWK as published in /.well-known/jwks.json.
  public_jwk text NOT NULL,
  -- PKCS#8 private key sealed with AES-256-GCM under the master key, bound to the kid.
  private_ct bytea NOT NULL,
  kek_version integer NOT NULL,
  created_at timestamptz NOT NULL,
  -- Published from created_at; signs from active_from (created_at + the JWKS cache time).
  active_from timestamptz NOT NULL
);
COMMENT ON TABLE signing_keys IS 'cim:reference';

-- One row per redeemed result token: the primary key makes redemption single-use under concurrency.
CREATE TABLE used_checkout_tokens (
  merchant_id text NOT NULL,
  jti text NOT NULL,
  used_at timestamptz NOT NULL,
  -- After this the token fails verification anyway, so the row may be pruned.
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, jti)
);
COMMENT ON TABLE used_checkout_tokens IS 'cim:tenant';
CREATE INDEX used_checkout_tokens_expiry ON used_checkout_tokens (expires_at);
