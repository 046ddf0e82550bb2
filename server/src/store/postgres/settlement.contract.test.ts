import { runSettlementStoreContract } from '../settlement.contract.ts';
import { tempPostgresStore } from './temp-store.ts';

runSettlementStoreContract('postgres', tempPostgresStore);
