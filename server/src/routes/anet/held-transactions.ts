import { reviewTransaction } from '../../domain/transaction-review.ts';
import { CimError } from '../../errors.ts';
import { AnetError, requiredError } from './messages.ts';
import type { AnetHandler } from './operation.ts';
import { child, oneOf, requiredId } from './parse.ts';
import { outcomeOf } from './transaction-response.ts';
import { answer, transactionContext } from './transactions.ts';

/**
 * updateHeldTransactionRequest: approve or decline a transaction the processor
 * held for review (Authorize.Net's Advanced Fraud Detection Suite), over the same
 * review as POST /v1/transactions/:id/review. Approved answers Ok; declined
 * (reason 254) answers E00027 with the transactionResponse, like any decline.
 */
export const updateHeldTransactionRequest: AnetHandler = async (call) => {
  const held = child(call.request, 'heldTransactionRequest');
  if (!held) throw requiredError('Held Transaction Request');
  const action = oneOf(held, 'action', ['approve', 'decline'] as const);
  if (!action) throw requiredError('Action');
  const refTransId = requiredId(held, 'refTransId', 'Reference Transaction ID');
  try {
    const done = await reviewTransaction(transactionContext(call), refTransId, { decision: action });
    const { responseCode, reasonCode, reasonText } = done.action;
    return answer({ responseCode, reasonCode, reasonText, ...outcomeOf(done, refTransId, refTransId) });
  } catch (error) {
    if (error instanceof CimError && error.code === 'transaction_state') throw new AnetError('E00027', error.message);
    throw error;
  }
};
