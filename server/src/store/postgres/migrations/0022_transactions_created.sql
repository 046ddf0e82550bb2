-- The merchant-wide transaction list (GET /v1/transactions): newest first, keyset over (created_at, id).
CREATE INDEX transactions_created ON transactions (merchant_id, created_at, id);
