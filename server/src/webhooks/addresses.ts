import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { CimError } from '../errors.ts';
import { isPublicAddress } from '../net/public-address.ts';

/** Bracketless host of a URL ("[::1]" → "::1"). */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * The rule for an endpoint URL, checked when it is saved: https (plain http only with
 * CIM_WEBHOOKS_ALLOW_PRIVATE, for tests on loopback), no credentials, and no literal private
 * address or localhost. Names are resolved, and checked again, on every delivery.
 */
export function checkEndpointUrl(raw: string, allowPrivate: boolean): string {
  const url = new URL(raw);
  const refuse = (why: string) => new CimError('invalid_request', `url ${why}.`, { field: 'url' });
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) throw refuse('must be https');
  if (url.username !== '' || url.password !== '') throw refuse('must not carry a user name or password');
  const host = hostOf(url);
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && !isPublicAddress(host)))) {
    throw refuse('must reach a public address (not loopback, private or link-local)');
  }
  return url.toString();
}

/** Resolves the URL's host and returns the address to connect to, refusing private ones unless allowed. */
export async function resolveDeliveryAddress(url: URL, allowPrivate: boolean): Promise<{ address: string; family: number }> {
  const host = hostOf(url);
  const found = isIP(host) !== 0 ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  if (found.length === 0) throw new Error(`${host} did not resolve`);
  if (allowPrivate) return found[0]!;
  // Every address must be public: a name that also resolves privately is refused, not raced.
  const blocked = found.find((a) => !isPublicAddress(a.address));
  if (blocked) throw new Error(`${host} resolves to a private address (${blocked.address}); refused`);
  return found[0]!;
}
