-- A card entered during checkout stays provisional until a charge settles it: an approved
-- charge or authorisation clears both columns (a normal card), a declined one deletes the row.
-- The session that saved it is the only one whose wallet lists it; provisional_until is when
-- the maintenance sweep deletes it if nothing charged it (docs/transactions.md).
ALTER TABLE payment_profiles ADD COLUMN provisional_session_id text;
ALTER TABLE payment_profiles ADD COLUMN provisional_until timestamptz;
CREATE INDEX payment_profiles_provisional ON payment_profiles (merchant_id, provisional_until) WHERE provisional_until IS NOT NULL;
