-- Forwarding proxy (mirrors SQLite 0024, docs/forwarding.md): the HTTPS hosts an operator lets a
-- merchant forward card data to, and the merchant's request templates.
ALTER TABLE merchants ADD COLUMN forward_hosts jsonb NOT NULL DEFAULT '[]'::jsonb;

CREATE TABLE forward_templates (
  merchant_id text NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
  id text NOT NULL,
  name text,
  method text NOT NULL,
  -- https only; its host must be on the merchant's forward_hosts when a forward is sent.
  url text NOT NULL,
  body_type text NOT NULL CHECK (body_type IN ('json', 'form', 'xml', 'none')),
  -- Headers and body template (often the processor's API credentials): AES-256-GCM under the
  -- merchant's data key, bound to merchant, template and field.
  template_ct bytea NOT NULL,
  key_version integer NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, id)
);
COMMENT ON TABLE forward_templates IS 'cim:tenant';
