import { runTransactionStoreContract } from '../transactions.contract.ts';
import { tempPostgresStore } from './temp-store.ts';

runTransactionStoreContract('postgres', tempPostgresStore);
