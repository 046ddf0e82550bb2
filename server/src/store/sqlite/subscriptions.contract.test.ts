import { runSubscriptionStoreContract } from '../subscriptions.contract.ts';
import { tempSqliteStore } from './temp-store.ts';

runSubscriptionStoreContract('sqlite', tempSqliteStore);
