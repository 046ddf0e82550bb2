import { CimError, NotFoundError } from '../errors.ts';
import { newSecret } from '../ids.ts';
import type { MerchantRecord, Stores } from '../store/types.ts';
import { audit } from './audit.ts';
import type { DomainContext } from './context.ts';
import { hashSecret, normalizeOrigin } from './merchants.ts';

/** The most origins one merchant may register; checkout pages are a handful of sites, not hundreds. */
export const MAX_ORIGINS = 50;

export interface MerchantSettingsView {
  id: string;
  name: string;
  apiLoginId: string;
  allowedOrigins: string[];
  createdAt: string;
}

async function requireMerchant(ctx: DomainContext, stores: Pick<Stores, 'merchants'> = ctx.store) {
  const merchant = await stores.merchants.getById(ctx.merchantId);
  if (!merchant) throw new NotFoundError('Merchant');
  return merchant;
}

const settingsView = (m: MerchantRecord): MerchantSettingsView => ({ id: m.id, name: m.name, apiLoginId: m.apiLoginId, allowedOrigins: m.allowedOrigins, createdAt: m.createdAt });

export async function getMerchantSettings(ctx: DomainContext): Promise<MerchantSettingsView> {
  return settingsView(await requireMerchant(ctx));
}

/** Allows checkout sessions for one more origin. Adding one that is there already changes nothing. */
export function addAllowedOrigin(ctx: DomainContext, value: string): Promise<MerchantSettingsView> {
  const origin = normalizeOrigin(value);
  return ctx.store.transaction(async (tx) => {
    const m = await requireMerchant(ctx, tx);
    if (m.allowedOrigins.includes(origin)) return settingsView(m);
    if (m.allowedOrigins.length >= MAX_ORIGINS) throw new CimError('invalid_request', `At most ${MAX_ORIGINS} origins can be allowed.`, { field: 'origin' });
    const origins = [...m.allowedOrigins, origin];
    await tx.merchants.setAllowedOrigins(ctx.merchantId, origins);
    await audit(ctx, tx, 'merchant.origin_add', { type: 'merchant', id: ctx.merchantId }, 'success', origin);
    return settingsView({ ...m, allowedOrigins: origins });
  });
}

/** Stops new checkout sessions for an origin; sessions already made keep theirs until they expire. */
export function removeAllowedOrigin(ctx: DomainContext, value: string): Promise<MerchantSettingsView> {
  const origin = normalizeOrigin(value);
  return ctx.store.transaction(async (tx) => {
    const m = await requireMerchant(ctx, tx);
    if (!m.allowedOrigins.includes(origin)) throw new NotFoundError('Origin');
    const origins = m.allowedOrigins.filter((o) => o !== origin);
    await tx.merchants.setAllowedOrigins(ctx.merchantId, origins);
    await audit(ctx, tx, 'merchant.origin_remove', { type: 'merchant', id: ctx.merchantId }, 'success', origin);
    return settingsView({ ...m, allowedOrigins: origins });
  });
}

/**
 * Replaces the REST secret key. The new key is returned once; the old one is refused from now
 * on (a server that cached it for authentication forgets it within 5 seconds).
 */
export async function rotateSecretKey(ctx: DomainContext): Promise<{ secretKey: string }> {
  await requireMerchant(ctx);
  const secretKey = newSecret('sk');
  await ctx.store.transaction(async (tx) => {
    // No overlap: the console's rotation is for a key believed exposed (cim merchant rotate-key --overlap for planned ones).
    await tx.merchants.replaceCredential(ctx.merchantId, 'secretKey', hashSecret(secretKey), null);
    await audit(ctx, tx, 'merchant.secret_key_rotate', { type: 'merchant', id: ctx.merchantId });
  });
  return { secretKey };
}
