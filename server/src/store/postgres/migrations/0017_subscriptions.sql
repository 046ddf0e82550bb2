-- Recurring billing (mirrors SQLite 0017: Authorize.Net ARB) on stored customer profiles.
CREATE TABLE subscriptions (
  merchant_id text NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  id bigint NOT NULL,
  name text,
  status text NOT NULL CHECK (status IN ('active', 'expired', 'suspended', 'canceled', 'terminated')),
  interval_length integer NOT NULL,
  interval_unit text NOT NULL CHECK (interval_unit IN ('days', 'months')),
  -- Calendar dates (UTC): an occurrence is due from 00:00 UTC of its date.
  start_date date NOT NULL,
  -- 9999 = until canceled, as Authorize.Net.
  total_occurrences integer NOT NULL,
  trial_occurrences integer NOT NULL DEFAULT 0,
  amount_minor bigint NOT NULL,
  trial_amount_minor bigint NOT NULL DEFAULT 0,
  currency text NOT NULL,
  -- No foreign keys to the vault, like transactions: a deleted profile leaves the history readable (the charge then fails).
  customer_id bigint NOT NULL,
  payment_profile_id bigint NOT NULL,
  shipping_address_id bigint,
  order_id text,
  description text,
  -- The next occurrence to charge and its date; moved on in the same commit that claims it.
  next_occurrence integer NOT NULL DEFAULT 1,
  next_due_date date,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, id)
);
COMMENT ON TABLE subscriptions IS 'cim:tenant';
-- listDue: the scheduler's query across merchants (on Citus it fans out to every shard).
CREATE INDEX subscriptions_due ON subscriptions (next_due_date, id) WHERE status = 'active';
CREATE INDEX subscriptions_merchant ON subscriptions (merchant_id, created_at, id);

-- One row per charged occurrence. The primary key is the claim: whichever instance inserts it
-- charges that occurrence; everyone else's insert does nothing. Never an in-memory flag.
CREATE TABLE subscription_occurrences (
  merchant_id text NOT NULL,
  subscription_id bigint NOT NULL,
  occurrence integer NOT NULL,
  due_date date NOT NULL,
  amount_minor bigint NOT NULL,
  claimed_at timestamptz NOT NULL,
  -- Set once the charge has an answer; a claim left without one (a crash) is retried with the same
  -- Idempotency-Key, so the processor is asked again rather than charged twice.
  transaction_id bigint,
  PRIMARY KEY (merchant_id, subscription_id, occurrence),
  FOREIGN KEY (merchant_id, subscription_id) REFERENCES subscriptions (merchant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE subscription_occurrences IS 'cim:tenant';
CREATE INDEX subscription_occurrences_unfinished ON subscription_occurrences (claimed_at) WHERE transaction_id IS NULL;
