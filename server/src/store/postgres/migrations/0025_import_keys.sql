-- Vault migration (mirrors SQLite 0025, docs/migration.md): CIM's import key pairs, one per envelope
-- format; the private half sealed under the master key. A reference table: installation-wide, tiny.
CREATE TABLE import_keys (
  kind text PRIMARY KEY CHECK (kind IN ('jwe', 'pgp')),
  public_key text NOT NULL,
  private_ct bytea NOT NULL,
  kek_version integer NOT NULL,
  created_at timestamptz NOT NULL
);
COMMENT ON TABLE import_keys IS 'cim:reference';
