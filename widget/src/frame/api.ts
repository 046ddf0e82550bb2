import type { Address } from '@cim/shared';
import type { ConfirmResult, NewCardRequest, SavedAddress, SavedCard, SavedAndConfirmed, Wallet } from './wallet.ts';

/** A failed widget API call, carrying the server's stable error code (or `network_error`). */
export class ApiError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  readonly status: number;

  constructor(code: string, message: string, status: number, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.field = field;
  }
}

export type WidgetApi = ReturnType<typeof createApi>;

/**
 * The frame talks only to its own origin (`connect-src 'self'`), authenticated by the
 * session token from its URL, or one the element renewed it with (`withSession`).
 * `fetchImpl` lets component tests stand in a fake server.
 */
export function createApi(session: string, fetchImpl: typeof fetch = (...args) => fetch(...args), base = '/widget/api'): {
  withSession(token: string): WidgetApi;
  wallet(): Promise<Wallet>;
  addCard(request: NewCardRequest): Promise<SavedCard>;
  addCardAndConfirm(request: NewCardRequest & { confirm: true; shippingAddressId?: string }): Promise<SavedAndConfirmed>;
  removeCard(id: string): Promise<void>;
  updateCard(id: string, patch: { isDefault?: true; expMonth?: number; expYear?: number }): Promise<SavedCard>;
  addAddress(address: Address & { isDefault?: boolean }): Promise<SavedAddress>;
  removeAddress(id: string): Promise<void>;
  confirm(body: { paymentProfileId: string; shippingAddressId?: string }): Promise<ConfirmResult>;
} {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${session}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError('network_error', 'The server could not be reached.', 0);
    }
    if (response.status === 204) return undefined as T;
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = (json as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error;
      throw new ApiError(
        typeof error?.code === 'string' ? error.code : 'internal_error',
        typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`,
        response.status,
        typeof error?.field === 'string' ? error.field : undefined,
      );
    }
    return json as T;
  }

  return {
    /** The same API under another session (the page renewed it), tried before it replaces this one. */
    withSession: (token: string): WidgetApi => createApi(token, fetchImpl, base),
    wallet: () => call<Wallet>('GET', '/wallet'),
    addCard: async (request: NewCardRequest) => (await call<{ paymentProfile: SavedCard }>('POST', '/payment-profiles', request)).paymentProfile,
    /** Paying with a new card: saves it and answers its result token (docs/widget-api.md). */
    addCardAndConfirm: (request: NewCardRequest & { confirm: true; shippingAddressId?: string }) => call<SavedAndConfirmed>('POST', '/payment-profiles', request),
    removeCard: (id: string) => call<void>('DELETE', `/payment-profiles/${encodeURIComponent(id)}`),
    /** Vault mode: make default and/or a new expiry (docs/widget-api.md). */
    updateCard: async (id: string, patch: { isDefault?: true; expMonth?: number; expYear?: number }) =>
      (await call<{ paymentProfile: SavedCard }>('PATCH', `/payment-profiles/${encodeURIComponent(id)}`, patch)).paymentProfile,
    addAddress: async (address: Address & { isDefault?: boolean }) =>
      (await call<{ shippingAddress: SavedAddress }>('POST', '/shipping-addresses', address)).shippingAddress,
    removeAddress: (id: string) => call<void>('DELETE', `/shipping-addresses/${encodeURIComponent(id)}`),
    confirm: (body: { paymentProfileId: string; shippingAddressId?: string }) => call<ConfirmResult>('POST', '/confirm', body),
  };
}
