import { runConsoleStoreContract } from '../console.contract.ts';
import { tempPostgresStore } from './temp-store.ts';

runConsoleStoreContract('postgres', tempPostgresStore);
