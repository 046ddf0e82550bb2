-- An amount (normalised decimal string) and ISO 4217 currency a checkout session may be bound to:
-- the frame's button shows it, the result token carries it, and a charge by the token may not exceed it.
ALTER TABLE checkout_sessions ADD COLUMN amount TEXT;
ALTER TABLE checkout_sessions ADD COLUMN currency TEXT;
