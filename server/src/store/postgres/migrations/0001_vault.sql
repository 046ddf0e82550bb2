-- Merchants, their wrapped keys, and the vault: customers, payment profiles, shipping addresses, audit.
--
-- Citus-ready: every tenant table carries merchant_id, and its primary key and
-- foreign keys start with it, so `create_distributed_table(t, 'merchant_id')`
-- co-locates a merchant's rows. Small shared tables are marked 'cim:reference'
-- (`create_reference_table`). server/src/store/postgres/schema.test.ts holds
-- every table to this, reading PostgreSQL's catalog.
CREATE TABLE merchants (
  id text PRIMARY KEY,
  name text NOT NULL,
  secret_key_hash text NOT NULL UNIQUE,
  api_login_id text NOT NULL UNIQUE,
  transaction_key_hash text NOT NULL,
  allowed_origins jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
COMMENT ON TABLE merchants IS 'cim:reference';

CREATE TABLE merchant_keys (
  merchant_id text NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('data', 'fingerprint')),
  version integer NOT NULL,
  kek_version integer NOT NULL,
  wrapped bytea NOT NULL,
  PRIMARY KEY (merchant_id, purpose, version)
);
COMMENT ON TABLE merchant_keys IS 'cim:tenant';

CREATE TABLE customers (
  merchant_id text NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  id bigint NOT NULL,
  merchant_customer_id text,
  email text,
  description text,
  profile_type text NOT NULL DEFAULT 'regular' CHECK (profile_type IN ('regular', 'guest')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, id)
);
COMMENT ON TABLE customers IS 'cim:tenant';
-- Authorize.Net's duplicate rule: all three fields equal (NULLs compared as equal).
CREATE UNIQUE INDEX customers_identity ON customers (merchant_id, coalesce(merchant_customer_id, ''), coalesce(email, ''), coalesce(description, ''));
CREATE INDEX customers_mcid ON customers (merchant_id, merchant_customer_id);
CREATE INDEX customers_email ON customers (merchant_id, lower(email));
CREATE INDEX customers_created ON customers (merchant_id, created_at, id);

CREATE TABLE payment_profiles (
  merchant_id text NOT NULL,
  id bigint NOT NULL,
  customer_id bigint NOT NULL,
  type text NOT NULL CHECK (type IN ('card', 'bankAccount')),
  brand text,
  last4 text NOT NULL,
  bin text,
  -- AES-256-GCM ciphertexts bound to merchant + record + field; never clear text.
  number_ct bytea NOT NULL,
  expiry_ct bytea,
  routing_ct bytea,
  routing_last4 text,
  account_type text,
  name_on_account text,
  bank_name text,
  -- Keyed HMACs: duplicate detection and expiry search without clear values.
  fingerprint bytea NOT NULL,
  expiry_tag bytea,
  key_version integer NOT NULL,
  bill_to text NOT NULL,
  customer_type text,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, id),
  FOREIGN KEY (merchant_id, customer_id) REFERENCES customers (merchant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE payment_profiles IS 'cim:tenant';
CREATE INDEX payment_profiles_customer ON payment_profiles (merchant_id, customer_id, created_at, id);
CREATE INDEX payment_profiles_fingerprint ON payment_profiles (merchant_id, customer_id, fingerprint);
CREATE INDEX payment_profiles_expiry ON payment_profiles (merchant_id, expiry_tag, created_at, id) WHERE expiry_tag IS NOT NULL;
-- At most one default per customer, enforced by the database even under races.
CREATE UNIQUE INDEX payment_profiles_one_default ON payment_profiles (merchant_id, customer_id) WHERE is_default;

CREATE TABLE shipping_addresses (
  merchant_id text NOT NULL,
  id bigint NOT NULL,
  customer_id bigint NOT NULL,
  first_name text, last_name text, company text, address text, city text, state text,
  zip text, country text, phone_number text,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, id),
  FOREIGN KEY (merchant_id, customer_id) REFERENCES customers (merchant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE shipping_addresses IS 'cim:tenant';
CREATE INDEX shipping_addresses_customer ON shipping_addresses (merchant_id, customer_id, created_at, id);
CREATE UNIQUE INDEX shipping_addresses_one_default ON shipping_addresses (merchant_id, customer_id) WHERE is_default;

-- Entries not tied to a merchant (e.g. a failed sign-in) carry merchant_id '' so
-- the distribution column is never NULL; the store maps '' back to null.
CREATE TABLE audit_log (
  merchant_id text NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  actor text NOT NULL,
  action text NOT NULL,
  record_type text,
  record_id text,
  outcome text NOT NULL,
  client_address text,
  detail text,
  at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, id)
);
COMMENT ON TABLE audit_log IS 'cim:tenant';
