-- Per-merchant data-key rotation. A new data key version is published (every instance
-- loads it within the key ring's reload interval) before it seals anything: it seals
-- from active_from on. Keys made before this migration have always been active.
ALTER TABLE merchant_keys ADD COLUMN active_from TEXT NOT NULL DEFAULT '1970-01-01T00:00:00.000Z';
-- A rotation's next batch: the merchant's rows still sealed under an older data key version.
CREATE INDEX payment_profiles_key_version ON payment_profiles (merchant_id, key_version);
CREATE INDEX transactions_key_version ON transactions (merchant_id, key_version) WHERE card_number_ct IS NOT NULL;
