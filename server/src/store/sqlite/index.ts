import type { Store, Stores } from '../types.ts';
import { sqliteSealedData } from './sealed-data.ts';
import { sqliteAudit } from './audit.ts';
import { sqliteCustomers } from './customers.ts';
import { SqliteDatabase, type SqliteDatabaseOptions } from './database.ts';
import { autoCommit, inTransaction, type Executor } from './executor.ts';
import { sqliteMerchantKeys, sqliteMerchants } from './merchants.ts';
import { sqlitePaymentProfiles } from './payment-profiles.ts';
import { sqliteRateLimits } from './rate-limits.ts';
import { sqliteSessions } from './sessions.ts';
import { sqliteShippingAddresses } from './shipping-addresses.ts';
import { sqliteSigningKeys } from './signing-keys.ts';
import { sqliteTokenUses } from './token-uses.ts';
import { sqliteIdempotencyKeys } from './idempotency.ts';
import { sqliteMerchantSettings, sqliteSettlement } from './settlement.ts';
import { sqliteSubscriptions } from './subscriptions.ts';
import { sqliteTransactions } from './transactions.ts';
import { sqliteStaff, sqliteStaffSessions } from './staff.ts';
import { sqliteWebhooks } from './webhooks.ts';
import { sqliteMerchantProcessors } from './merchant-processors.ts';
import { sqliteForwardTemplates } from './forward-templates.ts';
import { sqliteImportKeys } from './import-keys.ts';

function stores(x: Executor): Stores {
  return {
    merchants: sqliteMerchants(x),
    merchantKeys: sqliteMerchantKeys(x),
    sealedData: sqliteSealedData(x),
    customers: sqliteCustomers(x),
    paymentProfiles: sqlitePaymentProfiles(x),
    shippingAddresses: sqliteShippingAddresses(x),
    audit: sqliteAudit(x),
    rateLimits: sqliteRateLimits(x),
    sessions: sqliteSessions(x),
    signingKeys: sqliteSigningKeys(x),
    tokenUses: sqliteTokenUses(x),
    transactions: sqliteTransactions(x),
    idempotencyKeys: sqliteIdempotencyKeys(x),
    merchantSettings: sqliteMerchantSettings(x),
    merchantProcessors: sqliteMerchantProcessors(x),
    settlement: sqliteSettlement(x),
    subscriptions: sqliteSubscriptions(x),
    staff: sqliteStaff(x),
    staffSessions: sqliteStaffSessions(x),
    webhooks: sqliteWebhooks(x),
    forwardTemplates: sqliteForwardTemplates(x),
    importKeys: sqliteImportKeys(x),
  };
}

/** Opens (creating if needed) and migrates the embedded SQLite store. */
export function openSqliteStore(path: string, options: SqliteDatabaseOptions = {}): Store & { database: SqliteDatabase } {
  const database = new SqliteDatabase(path, options);
  database.migrate();
  const tx = stores(inTransaction(database));
  return {
    ...stores(autoCommit(database)),
    kind: 'sqlite',
    database,
    transaction: (fn) => database.enqueue(() => fn(tx)),
    close: async () => {
      await database.drain();
      database.close();
    },
  };
}

export { SqliteDatabase };
