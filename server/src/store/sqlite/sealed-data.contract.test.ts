import { runSealedDataContract } from '../sealed-data.contract.ts';
import { tempSqliteStore } from './temp-store.ts';

runSealedDataContract('sqlite', tempSqliteStore);
