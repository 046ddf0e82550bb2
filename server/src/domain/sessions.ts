import { SESSION_TTL, type SessionCreate } from '@cim/shared';
import { CimError } from '../errors.ts';
import { newOpaqueId, newSecret } from '../ids.ts';
import type { MerchantRecord, SessionRecord, Stores } from '../store/types.ts';
import type { DomainContext } from './context.ts';
import { insertCustomer, requireCustomer } from './customers.ts';
import { formatAmount, parseAmount } from './money.ts';
import { hashSecret, normalizeOrigin } from './merchants.ts';

const SESSION_TOKEN = /^cs_[A-Za-z0-9_-]{43}$/;
/** Expired sessions stay a day, so a stale frame still learns "expired" rather than "unknown". */
const KEEP_EXPIRED_MS = 24 * 60 * 60 * 1000;

/** POST /v1/sessions: an opaque bearer token for one shopper's wallet, from one origin, for a while. */
export async function createSession(ctx: DomainContext, merchant: MerchantRecord, input: SessionCreate): Promise<{ token: string; expiresAt: string; session: SessionRecord }> {
  const origin = normalizeOrigin(input.origin);
  if (!merchant.allowedOrigins.includes(origin)) {
    // This answer goes to the merchant's server (secret key), never to a browser: it may list the origins.
    const registered = merchant.allowedOrigins.length > 0 ? merchant.allowedOrigins.join(', ') : 'none';
    throw new CimError(
      'origin_not_allowed',
      `${origin} is not one of this merchant's allowed origins (registered: ${registered}). Add it with: cim merchant update ${merchant.id} --add-origin ${origin}`,
      { field: 'origin' },
    );
  }
  // Checked (and normalised: "14" → "14.00") before anything is written.
  const currency = input.currency ?? 'USD';
  const amount = input.amount === undefined ? undefined : { value: formatAmount(parseAmount(input.amount, currency), currency), currency };
  let customerId: string | null = null;
  if (input.customerId !== undefined) customerId = (await requireCustomer(ctx, ctx.store, input.customerId)).id;
  else if (input.merchantCustomerId !== undefined) customerId = (await ctx.store.customers.findBy(ctx.merchantId, { merchantCustomerId: input.merchantCustomerId }))[0]?.id ?? null;

  const now = ctx.clock.now();
  const token = newSecret('cs');
  const expiresAt = new Date(now.getTime() + (input.ttlSeconds ?? SESSION_TTL.defaultSeconds) * 1000).toISOString();
  const session: SessionRecord = {
    id: newOpaqueId('cses'),
    tokenHash: hashSecret(token),
    merchantId: ctx.merchantId,
    customerId,
    merchantCustomerId: input.merchantCustomerId ?? null,
    origin,
    mode: input.mode ?? 'checkout',
    allowRemove: input.allowRemove ?? false,
    billingAddress: input.billingAddress ?? 'postal',
    collectShipping: input.collectShipping ?? true,
    cardSaves: 0,
    createdAt: now.toISOString(),
    expiresAt,
    ...(amount && { amount }),
  };
  await ctx.store.sessions.insert(session);
  return { token, expiresAt, session };
}

/** The session a token names, expired or not; null for anything else (secret keys included). */
export async function findSession(store: Pick<Stores, 'sessions'>, token: string): Promise<SessionRecord | null> {
  return SESSION_TOKEN.test(token) ? store.sessions.getByTokenHash(hashSecret(token)) : null;
}

export const sessionExpired = (session: SessionRecord, now: Date) => Date.parse(session.expiresAt) <= now.getTime();

/** Resolves a widget API bearer token to a live session, or throws unauthorized / session_expired. */
export async function authenticateSession(store: Pick<Stores, 'sessions'>, now: Date, token: string): Promise<SessionRecord> {
  const session = await findSession(store, token);
  if (!session) throw new CimError('unauthorized', 'A valid checkout session is required: Authorization: Bearer cs_…');
  if (sessionExpired(session, now)) throw new CimError('session_expired', 'This checkout session has expired; the page needs a new one.');
  return session;
}

/**
 * The session's customer profile, created by the first save when the shopper is new.
 * Runs inside the save's transaction, re-reading the session so two saves racing in
 * one session share one profile. A merchantCustomerId reuses that shopper's profile.
 */
export async function ensureSessionCustomer(ctx: DomainContext, tx: Stores, sessionId: string): Promise<string> {
  const session = await tx.sessions.get(ctx.merchantId, sessionId);
  if (!session) throw new CimError('session_expired', 'This checkout session has expired; the page needs a new one.');
  if (session.customerId !== null) return session.customerId;
  const existing = session.merchantCustomerId === null ? undefined : (await tx.customers.findBy(ctx.merchantId, { merchantCustomerId: session.merchantCustomerId }))[0];
  const customer =
    existing ??
    (await insertCustomer(
      ctx,
      tx,
      // A new anonymous shopper still needs an identity distinct from every other one.
      session.merchantCustomerId !== null ? { merchantCustomerId: session.merchantCustomerId } : { description: `Saved at checkout (${session.id})` },
    ));
  await tx.sessions.linkCustomer(ctx.merchantId, session.id, customer.id);
  return customer.id;
}

/** Drops sessions expired for over a day. Cheap; called now and then when sessions are created. */
export function pruneSessions(ctx: Pick<DomainContext, 'store' | 'clock'>): Promise<number> {
  return ctx.store.sessions.deleteExpiredBefore(new Date(ctx.clock.now().getTime() - KEEP_EXPIRED_MS).toISOString());
}
