import { runTransactionStoreContract } from '../transactions.contract.ts';
import { tempSqliteStore } from './temp-store.ts';

runTransactionStoreContract('sqlite', tempSqliteStore);
