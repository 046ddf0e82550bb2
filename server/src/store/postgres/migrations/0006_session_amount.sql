-- An amount (normalised decimal string, kept as written) and ISO 4217 currency a checkout session may
-- be bound to: the frame's button shows it, the result token carries it, and a charge by the token may not exceed it.
ALTER TABLE checkout_sessions ADD COLUMN amount text;
ALTER TABLE checkout_sessions ADD COLUMN currency text;
ALTER TABLE checkout_sessions ADD CONSTRAINT checkout_sessions_amount_pair CHECK ((amount IS NULL) = (currency IS NULL));
