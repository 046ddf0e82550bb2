-- Merchants, their wrapped keys, and the vault: customers, payment profiles, shipping addresses, audit.
CREATE TABLE merchants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  secret_key_hash TEXT NOT NULL UNIQUE,
  api_login_id TEXT NOT NULL UNIQUE,
  transaction_key_hash TEXT NOT NULL,
  allowed_origins TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE merchant_keys (
  merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('data', 'fingerprint')),
  version INTEGER NOT NULL,
  kek_version INTEGER NOT NULL,
  wrapped BLOB NOT NULL,
  PRIMARY KEY (merchant_id, purpose, version)
) STRICT;

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
  merchant_customer_id TEXT,
  email TEXT,
  description TEXT,
  profile_type TEXT NOT NULL DEFAULT 'regular',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
-- Authorize.Net's duplicate rule: all three fields equal (NULLs compared as equal).
CREATE UNIQUE INDEX customers_identity ON customers (merchant_id, ifnull(merchant_customer_id, ''), ifnull(email, ''), ifnull(description, ''));
CREATE INDEX customers_mcid ON customers (merchant_id, merchant_customer_id);
CREATE INDEX customers_email ON customers (merchant_id, email);

CREATE TABLE payment_profiles (
  id INTEGER PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('card', 'bankAccount')),
  brand TEXT,
  last4 TEXT NOT NULL,
  bin TEXT,
  number_ct BLOB NOT NULL,
  expiry_ct BLOB,
  routing_ct BLOB,
  routing_last4 TEXT,
  account_type TEXT,
  name_on_account TEXT,
  bank_name TEXT,
  fingerprint BLOB NOT NULL,
  expiry_tag BLOB,
  key_version INTEGER NOT NULL,
  bill_to TEXT NOT NULL,
  customer_type TEXT,
  is_default INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX payment_profiles_customer ON payment_profiles (customer_id);
CREATE INDEX payment_profiles_fingerprint ON payment_profiles (customer_id, fingerprint);
CREATE INDEX payment_profiles_expiry ON payment_profiles (merchant_id, expiry_tag, id);
-- At most one default per customer, enforced by the database even under races.
CREATE UNIQUE INDEX payment_profiles_one_default ON payment_profiles (customer_id) WHERE is_default = 1;

CREATE TABLE shipping_addresses (
  id INTEGER PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  first_name TEXT, last_name TEXT, company TEXT, address TEXT, city TEXT, state TEXT,
  zip TEXT, country TEXT, phone_number TEXT,
  is_default INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX shipping_addresses_customer ON shipping_addresses (customer_id);
CREATE UNIQUE INDEX shipping_addresses_one_default ON shipping_addresses (customer_id) WHERE is_default = 1;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  merchant_id TEXT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  record_type TEXT,
  record_id TEXT,
  outcome TEXT NOT NULL,
  client_address TEXT,
  detail TEXT,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_merchant ON audit_log (merchant_id, id);
