import type { Store, Stores } from '../types.ts';
import { postgresSealedData } from './sealed-data.ts';
import { postgresAudit } from './audit.ts';
import { postgresCustomers } from './customers.ts';
import { PostgresDatabase, type Executor, type PostgresOptions } from './database.ts';
import { postgresIdempotencyKeys } from './idempotency.ts';
import { postgresMerchantKeys, postgresMerchants } from './merchants.ts';
import { postgresPaymentProfiles } from './payment-profiles.ts';
import { postgresRateLimits } from './rate-limits.ts';
import { postgresMerchantSettings, postgresSettlement } from './settlement.ts';
import { postgresStaff, postgresStaffSessions } from './staff.ts';
import { postgresWebhooks } from './webhooks.ts';
import { postgresForwardTemplates } from './forward-templates.ts';
import { postgresImportKeys } from './import-keys.ts';
import { postgresSubscriptions } from './subscriptions.ts';
import { postgresSessions } from './sessions.ts';
import { postgresShippingAddresses } from './shipping-addresses.ts';
import { postgresSigningKeys } from './signing-keys.ts';
import { postgresTokenUses } from './token-uses.ts';
import { postgresTransactions } from './transactions.ts';
import { postgresMerchantProcessors } from './merchant-processors.ts';

function stores(x: Executor): Stores {
  return {
    merchants: postgresMerchants(x),
    merchantKeys: postgresMerchantKeys(x),
    sealedData: postgresSealedData(x),
    customers: postgresCustomers(x),
    paymentProfiles: postgresPaymentProfiles(x),
    shippingAddresses: postgresShippingAddresses(x),
    audit: postgresAudit(x),
    rateLimits: postgresRateLimits(x),
    sessions: postgresSessions(x),
    signingKeys: postgresSigningKeys(x),
    tokenUses: postgresTokenUses(x),
    transactions: postgresTransactions(x),
    idempotencyKeys: postgresIdempotencyKeys(x),
    merchantSettings: postgresMerchantSettings(x),
    merchantProcessors: postgresMerchantProcessors(x),
    settlement: postgresSettlement(x),
    subscriptions: postgresSubscriptions(x),
    staff: postgresStaff(x),
    staffSessions: postgresStaffSessions(x),
    webhooks: postgresWebhooks(x),
    forwardTemplates: postgresForwardTemplates(x),
    importKeys: postgresImportKeys(x),
  };
}

export const POSTGRES_DEFAULTS = { poolSize: 10, acquireTimeoutMs: 2_000, queueLimit: 1_000, statementTimeoutMs: 5_000, connectTimeoutMs: 2_000 } as const;

/** Connects to PostgreSQL and applies pending migrations (under an advisory lock, so instances starting together do not race). */
export async function openPostgresStore(options: Partial<PostgresOptions> & { url: string }): Promise<Store & { database: PostgresDatabase }> {
  const database = new PostgresDatabase({ ...POSTGRES_DEFAULTS, ...options });
  try {
    await database.migrate();
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    ...stores(database.autoCommit),
    kind: 'postgres',
    database,
    transaction: (fn) => database.transaction((x) => fn(stores(x))),
    close: () => database.close(),
  };
}

export { PostgresDatabase };
