-- Merchant console (mirrors SQLite 0026): an admin can disable a staff account and enable it again.
-- A disabled account keeps its role and history but cannot sign in; NULL means enabled.
-- staff_accounts stays a reference table (0009_staff.sql): a new nullable column changes nothing for Citus.
ALTER TABLE staff_accounts ADD COLUMN disabled_at timestamptz;
