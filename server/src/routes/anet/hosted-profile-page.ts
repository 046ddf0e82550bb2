import { requireCustomer } from '../../domain/customers.ts';
import { normalizeOrigin } from '../../domain/merchants.ts';
import { createSession } from '../../domain/sessions.ts';
import { invalidError } from './messages.ts';
import type { AnetHandler } from './operation.ts';
import { child, list, requiredId, text, type Json } from './parse.ts';

function settings(request: Json): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of list(child(request, 'hostedProfileSettings'), 'setting')) {
    const name = text(s, 'settingName', 60);
    if (name) out.set(name, text(s, 'settingValue', 2000) ?? '');
  }
  return out;
}

/** The shop's origin: from the iframe communicator or return URL, else the merchant's only allowed origin. */
function originFor(s: Map<string, string>, allowed: string[]): string {
  const url = s.get('hostedProfileIFrameCommunicatorUrl') || s.get('hostedProfileReturnUrl');
  if (url) {
    try {
      return normalizeOrigin(new URL(url).origin);
    } catch {
      throw invalidError('hostedProfileIFrameCommunicatorUrl');
    }
  }
  if (allowed.length === 1) return allowed[0]!;
  throw invalidError('hostedProfileIFrameCommunicatorUrl (required to name the shop origin when several are allowed)');
}

/**
 * Accept Customer's hosted page becomes a `<cim-checkout>` session: the token
 * returned is a checkout session token for the profile, in vault (manage) mode,
 * that the element accepts as its `session` attribute.
 */
export const getHostedProfilePage: AnetHandler = async ({ request, ctx, merchant }) => {
  const customerProfileId = requiredId(request, 'customerProfileId', 'Customer Profile ID');
  await requireCustomer(ctx, ctx.store, customerProfileId);
  const s = settings(request);
  const manage = s.get('hostedProfileManageOptions') ?? 'showAll';
  const session = await createSession(ctx, merchant, {
    customerId: customerProfileId,
    origin: originFor(s, merchant.allowedOrigins),
    mode: 'vault',
    allowRemove: true,
    billingAddress: s.get('hostedProfileBillingAddressRequired') === 'true' ? 'full' : 'postal',
    collectShipping: manage !== 'showPayment',
  });
  return { token: session.token };
};
