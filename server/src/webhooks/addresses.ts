import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { CimError } from '../errors.ts';

/** Where a webhook must never go: loopback, private, link-local, shared, documentation, multicast and reserved ranges. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24],
  ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 127], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv6');

/** True for an address a webhook may not reach (an IPv4-mapped IPv6 address is judged by its IPv4 part). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

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
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isPrivateAddress(host)))) {
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
  const blocked = found.find((a) => isPrivateAddress(a.address));
  if (blocked) throw new Error(`${host} resolves to a private address (${blocked.address}); refused`);
  return found[0]!;
}
