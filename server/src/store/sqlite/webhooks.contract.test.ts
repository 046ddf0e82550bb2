import { runWebhookStoreContract } from '../webhooks.contract.ts';
import { tempSqliteStore } from './temp-store.ts';

runWebhookStoreContract('sqlite', tempSqliteStore);
