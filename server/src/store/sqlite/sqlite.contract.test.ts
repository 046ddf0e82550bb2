import { runStoreContract } from '../contract.ts';
import { tempSqliteStore } from './temp-store.ts';

runStoreContract('sqlite', tempSqliteStore);
