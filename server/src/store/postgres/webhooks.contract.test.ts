import { runWebhookStoreContract } from '../webhooks.contract.ts';
import { tempPostgresStore } from './temp-store.ts';

runWebhookStoreContract('postgres', tempPostgresStore);
