import { runStoreContract } from '../contract.ts';
import { tempPostgresStore } from './temp-store.ts';

runStoreContract('postgres', tempPostgresStore);
