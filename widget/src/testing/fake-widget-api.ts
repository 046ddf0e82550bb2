import { checkCardNumber, validateCard } from '@cim/shared';
import type { SavedAddress, SavedCard, Wallet, WalletSession } from '../frame/wallet.ts';

/**
 * An in-memory stand-in for the server's /widget/api (docs/widget-api.md), for component tests,
 * screenshots and the ready-time measurement; the real server is tested end to end in test/.
 * Sessions are fixed by token: cs_new, cs_returning, cs_vault, cs_full, cs_noship, cs_expired,
 * cs_amount (bound to 14.00 USD), cs_brief (ends 2 s after each wallet read) and RENEWED_SESSION (a full-length token the
 * element can renew to), RENEWED_ELSEWHERE (the same, for another page origin).
 */
export const RENEWED_SESSION = `cs_${'r'.repeat(43)}`;
export const RENEWED_ELSEWHERE = `cs_${'x'.repeat(43)}`;

export interface FakeAnswer {
  status: number;
  body?: unknown;
}

const BASE_SESSION: WalletSession = {
  origin: 'http://localhost', expiresAt: '2099-01-01T00:00:00.000Z', expiresInSeconds: 3600, mode: 'checkout', allowRemove: false,
  billingAddress: 'postal', collectShipping: false, cardSavesLeft: 10,
};

const savedCards = (): SavedCard[] => [
  { id: '2000000001', type: 'card', card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 }, expired: false, isDefault: true, billTo: { firstName: 'Ada', lastName: 'Lovelace', zip: '10001', country: 'US' } },
  { id: '2000000002', type: 'card', card: { brand: 'mastercard', last4: '4444', expMonth: 8, expYear: 2029 }, expired: false, isDefault: false },
  { id: '2000000003', type: 'card', card: { brand: 'amex', last4: '8431', expMonth: 3, expYear: 2021 }, expired: true, isDefault: false },
];

const savedAddresses = (): SavedAddress[] => [
  { id: '3000000001', firstName: 'Ada', lastName: 'Lovelace', address: '1 Main St', city: 'New York', state: 'NY', zip: '10001', country: 'US', isDefault: true },
  { id: '3000000002', firstName: 'Ada', lastName: 'Lovelace', address: '12 Rue de Rivoli', city: 'Paris', zip: '75004', country: 'FR', isDefault: false },
];

function fixtures(): Record<string, Wallet> {
  const empty = { customer: null, paymentProfiles: [], shippingAddresses: [], defaults: {} };
  return {
    cs_new: { session: { ...BASE_SESSION, collectShipping: true }, ...empty },
    cs_noship: { session: BASE_SESSION, ...empty },
    cs_full: { session: { ...BASE_SESSION, billingAddress: 'full' }, ...empty },
    cs_amount: { session: { ...BASE_SESSION, amount: { value: '14.00', currency: 'USD' } }, ...empty },
    cs_brief: { session: { ...BASE_SESSION, expiresInSeconds: 2 }, ...empty },
    [RENEWED_SESSION]: { session: BASE_SESSION, ...empty },
    [RENEWED_ELSEWHERE]: { session: { ...BASE_SESSION, origin: 'https://elsewhere.example' }, ...empty },
    cs_returning: {
      session: { ...BASE_SESSION, collectShipping: true, allowRemove: true }, customer: { id: '1000000001' },
      paymentProfiles: savedCards(), shippingAddresses: savedAddresses(), defaults: { paymentProfileId: '2000000001', shippingAddressId: '3000000001' },
    },
    cs_vault: {
      session: { ...BASE_SESSION, mode: 'vault', allowRemove: true }, customer: { id: '1000000001' },
      paymentProfiles: savedCards(), shippingAddresses: savedAddresses(), defaults: { paymentProfileId: '2000000001', shippingAddressId: '3000000001' },
    },
  };
}

const error = (status: number, code: string, message: string, field?: string): FakeAnswer => ({
  status, body: { error: { code, message, ...(field ? { field } : {}), requestId: 'req_fake' } },
});

export function createFakeWidgetApi() {
  const wallets = fixtures();
  let ids = 5_000_000_000;
  /** Every request body the fake received, so tests can assert what reached "the server". */
  const received: Array<{ method: string; path: string; body: unknown }> = [];

  function handle(method: string, path: string, authorization: string | null, body: unknown): FakeAnswer {
    received.push({ method, path, body });
    const token = /^Bearer (cs_[\w-]+)$/.exec(authorization ?? '')?.[1] ?? '';
    if (token === 'cs_expired') return error(401, 'session_expired', 'The session has expired.');
    const wallet = wallets[token];
    if (!wallet) return error(401, 'unauthorized', 'Unknown session.');
    const route = `${method} ${path.replace(/\/\d+$/, '/:id')}`;
    const id = /\/(\d+)$/.exec(path)?.[1];

    switch (route) {
      case 'GET /wallet':
        return { status: 200, body: structuredClone(wallet) };
      case 'POST /payment-profiles': {
        const { card, billTo, isDefault, confirm, shippingAddressId } = body as {
          card: { number: string; expMonth: number; expYear: number; cvc: string }; billTo: SavedCard['billTo']; isDefault?: boolean; confirm?: boolean; shippingAddressId?: string;
        };
        if (confirm && wallet.session.mode === 'vault') return error(403, 'forbidden', 'No confirm in vault mode.');
        if (shippingAddressId !== undefined && !wallet.shippingAddresses.some((a) => a.id === shippingAddressId)) return error(404, 'not_found', 'No such shipping address.');
        const verdict = validateCard(card);
        if (!verdict.ok) return error(400, verdict.problems[0]!.code, verdict.problems[0]!.message, `card.${verdict.problems[0]!.field}`);
        // Like the server's sandbox: a vault-mode save is verified first, and this number is refused.
        if (wallet.session.mode === 'vault' && card.number === '4000000000009995') {
          return error(402, 'card_not_verified', 'The card could not be verified: This transaction has been declined.', 'card.number');
        }
        const profile: SavedCard = {
          id: String(ids++), type: 'card', card: { brand: checkCardNumber(card.number).brand, last4: card.number.slice(-4), expMonth: card.expMonth, expYear: card.expYear },
          expired: false, isDefault: Boolean(isDefault) || wallet.paymentProfiles.length === 0, ...(billTo ? { billTo } : {}),
        };
        if (profile.isDefault) for (const p of wallet.paymentProfiles) p.isDefault = false;
        wallet.paymentProfiles.push(profile);
        wallet.customer ??= { id: '1000000009' };
        if (profile.isDefault) wallet.defaults.paymentProfileId = profile.id;
        // With confirm (a shopper paying with a new card), the result token comes in the same answer.
        const token = confirm ? { token: `fake.${profile.id}.token`, card: profile.card, expiresAt: '2099-01-01T00:00:00.000Z' } : {};
        return { status: 201, body: { paymentProfile: profile, ...token } };
      }
      case 'POST /shipping-addresses': {
        const { isDefault, ...fields } = body as Omit<SavedAddress, 'id'>;
        const address: SavedAddress = { id: String(ids++), ...fields, isDefault: Boolean(isDefault) || wallet.shippingAddresses.length === 0 };
        wallet.shippingAddresses.push(address);
        return { status: 201, body: { shippingAddress: address } };
      }
      case 'PATCH /payment-profiles/:id': {
        if (wallet.session.mode !== 'vault') return error(403, 'forbidden', 'Saved cards are changed in a vault-mode session.');
        const profile = wallet.paymentProfiles.find((p) => p.id === id);
        if (!profile?.card) return error(404, 'not_found', 'Not found.');
        const { isDefault, expMonth, expYear } = body as { isDefault?: true; expMonth?: number; expYear?: number };
        if (expMonth !== undefined && expYear !== undefined) {
          if (expYear < 2026) return error(400, 'card_expired', 'The card has expired.', 'card.expMonth');
          profile.card = { ...profile.card, expMonth, expYear };
          profile.expired = false;
        }
        if (isDefault) {
          for (const p of wallet.paymentProfiles) p.isDefault = p === profile;
          wallet.defaults.paymentProfileId = profile.id;
        }
        return { status: 200, body: { paymentProfile: profile } };
      }
      case 'DELETE /payment-profiles/:id':
      case 'DELETE /shipping-addresses/:id': {
        if (!wallet.session.allowRemove) return error(403, 'forbidden', 'Removing is not allowed in this session.');
        const list: Array<{ id: string }> = route.includes('payment') ? wallet.paymentProfiles : wallet.shippingAddresses;
        const at = list.findIndex((x) => x.id === id);
        if (at < 0) return error(404, 'not_found', 'Not found.');
        list.splice(at, 1);
        return { status: 204 };
      }
      case 'POST /confirm': {
        if (wallet.session.mode === 'vault') return error(403, 'forbidden', 'No confirm in vault mode.');
        const { paymentProfileId } = body as { paymentProfileId: string };
        const profile = wallet.paymentProfiles.find((p) => p.id === paymentProfileId);
        if (!profile?.card || profile.expired) return error(404, 'not_found', 'No such payment profile.');
        return { status: 200, body: { token: `fake.${profile.id}.token`, card: profile.card, expiresAt: '2099-01-01T00:00:00.000Z' } };
      }
      default:
        return error(404, 'not_found', `No route ${route}.`);
    }
  }

  /** A `fetch` answering /widget/api/* from this fake, for the frame app's API client. */
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://fake');
    const headers = new Headers(init.headers);
    const answer = handle(init.method ?? 'GET', url.pathname.replace(/^\/widget\/api/, ''), headers.get('authorization'), init.body ? JSON.parse(String(init.body)) : undefined);
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  };

  return { handle, fetch, received, wallets };
}
