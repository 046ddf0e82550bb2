import { runSubscriptionStoreContract } from '../subscriptions.contract.ts';
import { tempPostgresStore } from './temp-store.ts';

runSubscriptionStoreContract('postgres', tempPostgresStore);
