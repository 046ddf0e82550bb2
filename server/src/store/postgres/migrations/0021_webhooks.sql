-- Webhooks (mirrors SQLite 0021; docs/webhooks.md): endpoints per merchant, an outbox of events
-- written in the same commit as the change they describe, and one delivery per event and endpoint.
CREATE TABLE webhook_endpoints (
  merchant_id text NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  id bigint NOT NULL,
  url text NOT NULL,
  description text,
  -- Comma-separated event types, with a comma at each end (',customer.created,'); '' = every event.
  events text NOT NULL,
  enabled boolean NOT NULL,
  disabled_reason text,
  -- The whsec_ signing secret, AES-256-GCM sealed (associated data: merchant, endpoint, field).
  secret_ct bytea NOT NULL,
  key_version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, id)
);
COMMENT ON TABLE webhook_endpoints IS 'cim:tenant';
CREATE INDEX webhook_endpoints_merchant ON webhook_endpoints (merchant_id, created_at, id);

-- The outbox and the event log. Payloads hold ids and masked data only.
CREATE TABLE webhook_events (
  merchant_id text NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  id bigint NOT NULL,
  type text NOT NULL,
  payload text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, id)
);
COMMENT ON TABLE webhook_events IS 'cim:tenant';
CREATE INDEX webhook_events_merchant ON webhook_events (merchant_id, created_at, id);

-- One per event and endpoint (and per redelivery). A worker claims a due one by setting its lease
-- in one conditional UPDATE; whoever holds the lease token records the attempt.
CREATE TABLE webhook_deliveries (
  merchant_id text NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  event_id bigint NOT NULL,
  endpoint_id bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  lease_token text,
  lease_until timestamptz,
  last_response_status integer,
  last_error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, id),
  FOREIGN KEY (merchant_id, event_id) REFERENCES webhook_events (merchant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (merchant_id, endpoint_id) REFERENCES webhook_endpoints (merchant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE webhook_deliveries IS 'cim:tenant';
-- The workers' query across merchants (on Citus it fans out to every shard).
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (merchant_id, event_id);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (merchant_id, endpoint_id, id);

CREATE TABLE webhook_attempts (
  merchant_id text NOT NULL,
  delivery_id bigint NOT NULL,
  attempt integer NOT NULL,
  at timestamptz NOT NULL,
  response_status integer,
  duration_ms integer NOT NULL,
  -- The first bytes of the answer, scrubbed; or why there was none (timeout, refused address).
  response_body text,
  error text,
  PRIMARY KEY (merchant_id, delivery_id, attempt),
  FOREIGN KEY (merchant_id, delivery_id) REFERENCES webhook_deliveries (merchant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE webhook_attempts IS 'cim:tenant';

-- payment_profile.expiring: the primary key is the claim, so a card is announced once per month
-- whichever instance's sweep gets there first.
CREATE TABLE webhook_expiry_notices (
  merchant_id text NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  payment_profile_id bigint NOT NULL,
  month text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, payment_profile_id, month)
);
COMMENT ON TABLE webhook_expiry_notices IS 'cim:tenant';
