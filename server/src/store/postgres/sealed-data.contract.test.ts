import { runSealedDataContract } from '../sealed-data.contract.ts';
import { tempPostgresStore } from './temp-store.ts';

runSealedDataContract('postgres', tempPostgresStore);
