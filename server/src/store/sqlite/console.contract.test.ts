import { runConsoleStoreContract } from '../console.contract.ts';
import { tempSqliteStore } from './temp-store.ts';

runConsoleStoreContract('sqlite', tempSqliteStore);
