-- Recurring billing (Authorize.Net ARB) on stored customer profiles.
CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
  name TEXT,
  status TEXT NOT NULL CHECK (status IN ('active', 'expired', 'suspended', 'canceled', 'terminated')),
  interval_length INTEGER NOT NULL,
  interval_unit TEXT NOT NULL CHECK (interval_unit IN ('days', 'months')),
  -- Calendar dates (YYYY-MM-DD, UTC): an occurrence is due from 00:00 UTC of its date.
  start_date TEXT NOT NULL,
  -- 9999 = until canceled, as Authorize.Net.
  total_occurrences INTEGER NOT NULL,
  trial_occurrences INTEGER NOT NULL DEFAULT 0,
  amount_minor INTEGER NOT NULL,
  trial_amount_minor INTEGER NOT NULL DEFAULT 0,
  currency TEXT NOT NULL,
  -- No foreign keys, like transactions: a deleted profile leaves the history readable (the charge then fails).
  customer_id INTEGER NOT NULL,
  payment_profile_id INTEGER NOT NULL,
  shipping_address_id INTEGER,
  order_id TEXT,
  description TEXT,
  -- The next occurrence to charge and its date; moved on in the same commit that claims it.
  next_occurrence INTEGER NOT NULL DEFAULT 1,
  next_due_date TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX subscriptions_due ON subscriptions (next_due_date) WHERE status = 'active';
CREATE INDEX subscriptions_merchant ON subscriptions (merchant_id, created_at, id);

-- One row per charged occurrence. The primary key is the claim: whichever instance inserts it
-- charges that occurrence; everyone else's insert does nothing. Never an in-memory flag.
CREATE TABLE subscription_occurrences (
  subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
  occurrence INTEGER NOT NULL,
  merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
  due_date TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  claimed_at TEXT NOT NULL,
  -- Set once the charge has an answer; a claim left without one (a crash) is retried with the same
  -- Idempotency-Key, so the processor is asked again rather than charged twice.
  transaction_id INTEGER,
  PRIMARY KEY (subscription_id, occurrence)
) STRICT;
CREATE INDEX subscription_occurrences_unfinished ON subscription_occurrences (claimed_at) WHERE transaction_id IS NULL;
