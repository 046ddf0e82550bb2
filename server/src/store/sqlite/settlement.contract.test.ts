import { runSettlementStoreContract } from '../settlement.contract.ts';
import { tempSqliteStore } from './temp-store.ts';

runSettlementStoreContract('sqlite', tempSqliteStore);
