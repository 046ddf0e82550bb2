import { createProfileFromTransaction } from '../../domain/profile-from-transaction.ts';
import { requireTransaction } from '../../domain/transactions.ts';
import { CimError } from '../../errors.ts';
import { AnetError, invalidError } from './messages.ts';
import { withErrorFields, type AnetHandler } from './operation.ts';
import { child, numericId, requiredId, text } from './parse.ts';
import { transactionContext } from './transactions.ts';

/**
 * Saves the card of an approved one-time-card transaction as a new profile.
 * Customer info comes from the request or else from the transaction (E00102
 * when neither has any).
 */
export const createCustomerProfileFromTransaction: AnetHandler = async (call) => {
  const { request } = call;
  const empty = { customerPaymentProfileIdList: [], customerShippingAddressIdList: [], validationDirectResponseList: [] };
  return withErrorFields(
    async () => {
      const ctx = transactionContext(call);
      const transId = requiredId(request, 'transId', 'Transaction ID');
      if (numericId(request, 'customerProfileId') !== undefined) throw invalidError('Customer Profile ID (adding a transaction to an existing profile is not supported)');
      // customerProfileBaseType, as the schema defines `customer` here (not the transaction's customerDataType).
      const c = child(request, 'customer');
      const merchantCustomerId = text(c, 'merchantCustomerId', 20);
      const description = text(c, 'description', 255);
      const email = text(c, 'email', 255);
      const given = { ...(merchantCustomerId && { merchantCustomerId }), ...(description && { description }), ...(email && { email }) };
      const transaction = await requireTransaction(ctx, transId);
      const known = transaction.customerInfo ?? {};
      if (Object.keys(given).length === 0 && !known.merchantCustomerId && !known.email && !known.description) throw new AnetError('E00102');
      try {
        const view = await createProfileFromTransaction(ctx, { transactionId: transId, ...(Object.keys(given).length > 0 && { customer: given }) });
        return {
          customerProfileId: view.id,
          customerPaymentProfileIdList: (view.paymentProfiles ?? []).map((p) => p.id),
          customerShippingAddressIdList: (view.shippingAddresses ?? []).map((a) => a.id),
          validationDirectResponseList: [],
        };
      } catch (error) {
        // Only approved one-time-card transactions keep a card (for 24 hours) to save.
        if (error instanceof CimError && error.code === 'transaction_state') throw invalidError('Transaction ID (no card is kept for this transaction)');
        throw error;
      }
    },
    () => empty,
  );
};
