-- Forwarding proxy (docs/forwarding.md): the HTTPS hosts an operator lets a merchant forward
-- card data to (set with `cim merchant update --add-forward-host`, never by the merchant's API
-- key), and the merchant's request templates.
ALTER TABLE merchants ADD COLUMN forward_hosts TEXT NOT NULL DEFAULT '[]';

CREATE TABLE forward_templates (
  merchant_id TEXT NOT NULL REFERENCES merchants(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT,
  method TEXT NOT NULL,
  -- https only; its host must be on the merchant's forward_hosts when a forward is sent.
  url TEXT NOT NULL,
  body_type TEXT NOT NULL CHECK (body_type IN ('json', 'form', 'xml', 'none')),
  -- Headers and body template (they often carry the processor's API credentials): AES-256-GCM
  -- under the merchant's data key, bound to merchant, template and field.
  template_ct BLOB NOT NULL,
  key_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (merchant_id, id)
) STRICT;
