-- Vault migration (docs/migration.md): CIM's import key pairs, one per envelope format. Processors
-- encrypt card exports to the public half (`cim keys import-key` prints it); the private half is
-- sealed under the master key (AES-256-GCM, bound to the kind) and re-wrapped by `cim keys rotate-master`.
CREATE TABLE import_keys (
  kind TEXT PRIMARY KEY CHECK (kind IN ('jwe', 'pgp')),
  public_key TEXT NOT NULL,
  private_ct BLOB NOT NULL,
  kek_version INTEGER NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
