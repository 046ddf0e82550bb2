import { CimError, NotFoundError } from '../errors.ts';
import type { Store } from '../store/types.ts';

/** `host` or `host:port`, lower-case, without the default port 443: what `new URL('https://…').host` gives. */
export function normalizeForwardHost(entry: string): string {
  const trimmed = entry.trim().toLowerCase();
  const url = URL.canParse(`https://${trimmed}`) ? new URL(`https://${trimmed}`) : null;
  if (!url || url.username || url.password || url.pathname !== '/' || url.search || url.hash || `${url.host}` !== trimmed.replace(/:443$/, '')) {
    throw new CimError('invalid_request', `"${entry}" is not a host name (with an optional :port), e.g. api.gateway.example or api.gateway.example:8443.`, { field: 'forwardHost' });
  }
  return url.host;
}

/**
 * The operator's side of the forwarding proxy: which HTTPS hosts a merchant may send card
 * data to. Only the CLI (an operator with database access) calls this; a merchant's API key
 * cannot add a host, so a stolen key cannot send the vault's cards anywhere new.
 */
export async function updateForwardHosts(deps: { store: Store }, merchantId: string, change: { add: string[]; remove: string[] }): Promise<string[]> {
  const merchant = await deps.store.merchants.getById(merchantId);
  if (!merchant) throw new NotFoundError('Merchant');
  const remove = new Set(change.remove.map(normalizeForwardHost));
  const hosts = [...new Set([...merchant.forwardHosts, ...change.add.map(normalizeForwardHost)])].filter((h) => !remove.has(h));
  await deps.store.merchants.setForwardHosts(merchantId, hosts);
  return hosts;
}
