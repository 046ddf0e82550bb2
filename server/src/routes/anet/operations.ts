import { createCustomerProfile, deleteCustomerProfile, getCustomerProfile, getCustomerProfileIds, updateCustomerProfile } from './customer-profiles.ts';
import { updateHeldTransactionRequest } from './held-transactions.ts';
import { getHostedProfilePage } from './hosted-profile-page.ts';
import type { AnetHandler } from './operation.ts';
import {
  createCustomerPaymentProfile,
  deleteCustomerPaymentProfile,
  getCustomerPaymentProfile,
  getCustomerPaymentProfileList,
  updateCustomerPaymentProfile,
  validateCustomerPaymentProfile,
} from './payment-profiles.ts';
import { createCustomerProfileFromTransaction } from './profile-from-transaction.ts';
import { createCustomerShippingAddress, deleteCustomerShippingAddress, getCustomerShippingAddress, updateCustomerShippingAddress } from './shipping-addresses.ts';
import { getBatchStatistics, getSettledBatchList, getTransactionDetails, getTransactionList, getTransactionListForCustomer, getUnsettledTransactionList } from './reporting.ts';
import { arbCancelSubscription, arbCreateSubscription, arbGetSubscription, arbGetSubscriptionList, arbGetSubscriptionStatus, arbUpdateSubscription } from './arb.ts';
import { createTransactionRequest } from './transactions.ts';

/** Authentication alone: the caller learns whether its credentials work. */
const authenticateTest: AnetHandler = async () => ({});

/** Every supported operation, by the request's root key. Anything else is E00004. */
export const OPERATIONS: Readonly<Record<string, AnetHandler>> = {
  authenticateTestRequest: authenticateTest,
  createCustomerProfileRequest: createCustomerProfile,
  getCustomerProfileRequest: getCustomerProfile,
  getCustomerProfileIdsRequest: getCustomerProfileIds,
  updateCustomerProfileRequest: updateCustomerProfile,
  deleteCustomerProfileRequest: deleteCustomerProfile,
  createCustomerPaymentProfileRequest: createCustomerPaymentProfile,
  getCustomerPaymentProfileRequest: getCustomerPaymentProfile,
  getCustomerPaymentProfileListRequest: getCustomerPaymentProfileList,
  validateCustomerPaymentProfileRequest: validateCustomerPaymentProfile,
  updateCustomerPaymentProfileRequest: updateCustomerPaymentProfile,
  deleteCustomerPaymentProfileRequest: deleteCustomerPaymentProfile,
  createCustomerShippingAddressRequest: createCustomerShippingAddress,
  getCustomerShippingAddressRequest: getCustomerShippingAddress,
  updateCustomerShippingAddressRequest: updateCustomerShippingAddress,
  deleteCustomerShippingAddressRequest: deleteCustomerShippingAddress,
  createCustomerProfileFromTransactionRequest: createCustomerProfileFromTransaction,
  getHostedProfilePageRequest: getHostedProfilePage,
  createTransactionRequest: createTransactionRequest,
  updateHeldTransactionRequest: updateHeldTransactionRequest,
  getSettledBatchListRequest: getSettledBatchList,
  getBatchStatisticsRequest: getBatchStatistics,
  getTransactionListRequest: getTransactionList,
  getUnsettledTransactionListRequest: getUnsettledTransactionList,
  getTransactionDetailsRequest: getTransactionDetails,
  getTransactionListForCustomerRequest: getTransactionListForCustomer,
  ARBCreateSubscriptionRequest: arbCreateSubscription,
  ARBGetSubscriptionRequest: arbGetSubscription,
  ARBGetSubscriptionStatusRequest: arbGetSubscriptionStatus,
  ARBUpdateSubscriptionRequest: arbUpdateSubscription,
  ARBCancelSubscriptionRequest: arbCancelSubscription,
  ARBGetSubscriptionListRequest: arbGetSubscriptionList,
};
