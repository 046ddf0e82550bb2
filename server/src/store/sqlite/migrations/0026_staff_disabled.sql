-- Merchant console (issue 16 follow-up): an admin can disable a staff account and enable it again.
-- A disabled account keeps its role and history but cannot sign in; NULL means enabled.
ALTER TABLE staff_accounts ADD COLUMN disabled_at TEXT;
