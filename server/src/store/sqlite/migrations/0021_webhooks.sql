-- Webhooks (docs/webhooks.md): endpoints per merchant, an outbox of events written in the same
-- commit as the change they describe, and one delivery per event and endpoint.
CREATE TABLE webhook_endpoints (
  id INTEGER PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  description TEXT,
  -- Comma-separated event types, with a comma at each end (",customer.created,"); '' = every event.
  events TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  disabled_reason TEXT,
  -- The whsec_ signing secret, AES-256-GCM sealed (associated data: merchant, endpoint, field).
  secret_ct BLOB NOT NULL,
  key_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX webhook_endpoints_merchant ON webhook_endpoints (merchant_id, created_at, id);

-- The outbox and the event log. Payloads hold ids and masked data only.
CREATE TABLE webhook_events (
  id INTEGER PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX webhook_events_merchant ON webhook_events (merchant_id, created_at, id);

-- One per event and endpoint (and per redelivery). A worker claims a due one by setting its lease
-- in one conditional UPDATE; whoever holds the lease token records the attempt.
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
  event_id INTEGER NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
  endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  lease_token TEXT,
  lease_until TEXT,
  last_response_status INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (merchant_id, event_id);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (merchant_id, endpoint_id, id);

CREATE TABLE webhook_attempts (
  delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  merchant_id TEXT NOT NULL,
  at TEXT NOT NULL,
  response_status INTEGER,
  duration_ms INTEGER NOT NULL,
  -- The first bytes of the answer, scrubbed; or why there was none (timeout, refused address).
  response_body TEXT,
  error TEXT,
  PRIMARY KEY (delivery_id, attempt)
) STRICT;

-- payment_profile.expiring: the primary key is the claim, so a card is announced once per month
-- whichever instance's sweep gets there first.
CREATE TABLE webhook_expiry_notices (
  merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
  payment_profile_id INTEGER NOT NULL,
  month TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (merchant_id, payment_profile_id, month)
) STRICT;
