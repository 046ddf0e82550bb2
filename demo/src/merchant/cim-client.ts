import { CimApiError, createCimClient as createApiClient, ok, type components } from '@cim/client';
import { createCheckoutVerifier, type CheckoutClaims } from '@cim/verify';

/**
 * Everything a merchant's server needs from CIM, in one file: this is the
 * integration guide. Three calls and one verification:
 *
 *   1. createSession()      POST /v1/sessions        — before rendering <cim-checkout>
 *   2. verifyCheckoutToken() offline, against the JWKS — when the page posts the result token
 *                            (@cim/verify, CIM's installable verifier: `npm install @cim/verify`)
 *   3. charge()             POST /v1/transactions    — with the token (checkout) or stored IDs (recurring)
 *
 * The REST calls go through @cim/client, CIM's typed client (generated from CIM's /openapi.json):
 * it adds an Idempotency-Key to every POST, retries 429/503/network failures with backoff (same
 * key, so nothing happens twice) and throws CimApiError with CIM's stable codes.
 *
 * The secret key stays on this server. Card numbers never reach it: the page
 * only ever hands us a signed token naming profile IDs.
 */

export interface CimClientOptions {
  /** The CIM server's public URL: the issuer of result tokens and the home of the JWKS. */
  cimUrl: string;
  merchantId: string;
  secretKey: string;
  /** This shop's origin, exactly as registered with CIM: the only page that may frame the checkout. */
  shopOrigin: string;
}

/** Who the checkout is for: a shopper CIM knows, or one it will create a profile for on the first save. */
export type SessionShopper = { customerId: string } | { merchantCustomerId: string };

export interface SessionOptions {
  /** `vault`: manage saved cards and addresses only (no result token). */
  mode?: 'checkout' | 'vault';
  allowRemove?: boolean;
  collectShipping?: boolean;
  ttlSeconds?: number;
  /** Binds the checkout to the cart's total: a charge by its token can be no more. */
  amount?: string;
  currency?: string;
}

export type ChargeTarget = { token: string } | { customerProfileId: string; paymentProfileId: string; shippingAddressId?: string };

/** CIM's answers, typed from its OpenAPI document by @cim/client. */
export type Transaction = components['schemas']['Transaction'];
export type Customer = components['schemas']['Customer'];
export type ShippingAddress = components['schemas']['ShippingAddress'];

/** A CIM error answer, e.g. `{code: 'session_expired'}`; `code` is stable, branch on it. */
export { CimApiError };

export function createCimClient(options: CimClientOptions) {
  // Fetches CIM's public keys once, caches them, and refetches when it meets an unknown `kid` (a
  // key rotation), so verifying a token costs no request to CIM.
  const verify = createCheckoutVerifier({ cimUrl: options.cimUrl, merchantId: options.merchantId });

  const cim = createApiClient({ baseUrl: options.cimUrl, secretKey: options.secretKey });

  return {
    /**
     * 1. A short-lived session for one shopper's wallet, usable only from this shop's origin. Its
     * `layout` goes on the element too (`<cim-checkout layout=…>`): the loading skeleton then has the form's height.
     */
    createSession(shopper: SessionShopper, session: SessionOptions = {}) {
      return ok(cim.POST('/v1/sessions', { body: { ...shopper, origin: options.shopOrigin, ...session } }));
    },

    /**
     * 2. Verify the result token offline. @cim/verify pins everything, never reading it from the
     * token: the algorithm, the issuer (our CIM), the audience (us: another merchant's token is
     * useless here), the type (a result token, not some other JWT CIM signs) and a lifetime of at
     * most 15 minutes. A token that fails throws a `CheckoutTokenError` whose `code` says why
     * (`token_invalid`, `token_expired`, `token_wrong_merchant`).
     */
    verifyCheckoutToken(token: string): Promise<CheckoutClaims> {
      return verify(token);
    },

    /**
     * 3. Charge. With `{token}` CIM redeems the token as part of the charge, so a token can pay
     * for exactly one order. With stored IDs it is a merchant-initiated charge (a monthly bill,
     * a usage charge). The idempotency key makes a retry (a timeout, a double click) replay the
     * first answer instead of charging twice: derive it from your own order.
     * A decline is not an error: it is a transaction with status `declined` and a reasonText.
     */
    async charge(amount: string, target: ChargeTarget, idempotencyKey: string, description?: string): Promise<Transaction> {
      const attempt = () =>
        ok(
          cim.POST('/v1/transactions', {
            body: { type: 'authCapture', amount, ...target, ...(description && { description }) },
            params: { header: { 'Idempotency-Key': idempotencyKey } },
          }),
        );
      try {
        return await attempt();
      } catch (error) {
        // The client already retried the network and 503s. processor_error (502) means the processor's
        // answer was lost: retry once with the SAME key and body, and CIM finishes the first attempt
        // instead of charging again.
        if (!(error instanceof CimApiError) || error.code !== 'processor_error') throw error;
        return attempt();
      }
    },

    /** A saved shipping address, to show where an order goes (the shop stores only its ID). */
    getShippingAddress(customerId: string, addressId: string): Promise<ShippingAddress> {
      return ok(cim.GET('/v1/customers/{customerId}/shipping-addresses/{addressId}', { params: { path: { customerId, addressId } } }));
    },

    /** The shopper's profile with masked payment profiles: enough to pick the default card for a recurring bill. */
    getCustomer(customerId: string): Promise<Customer> {
      return ok(cim.GET('/v1/customers/{id}', { params: { path: { id: customerId } } }));
    },
  };
}

export type CimClient = ReturnType<typeof createCimClient>;
