import { BlockList, isIP } from 'node:net';

/** Parses CIM_TRUST_PROXY: comma-separated CIDRs (or single addresses). Returns the problems, if any. */
export function parseTrustedProxies(text: string): { list: BlockList; problems: string[] } {
  const list = new BlockList();
  const problems: string[] = [];
  for (const entry of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [address = '', prefixText] = entry.split('/');
    const family = isIP(address);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    const max = family === 6 ? 128 : 32;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (family === 0 || !(prefix >= 0 && prefix <= max)) {
      problems.push(`"${entry}" is not a CIDR such as 10.0.0.0/8 or fd00::/8`);
      continue;
    }
    list.addSubnet(address, prefix, type);
  }
  return { list, problems };
}

/** Node reports IPv4 peers on a dual-stack socket as ::ffff:a.b.c.d; proxies are configured as a.b.c.d. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

export function isTrusted(list: BlockList, address: string): boolean {
  const a = normalizeAddress(address);
  const family = isIP(a);
  return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
}

/** The addresses a request passed through, nearest last: from `Forwarded: for=…` (RFC 7239) or else `X-Forwarded-For`. */
export function forwardedChain(forwarded: string | undefined, xForwardedFor: string | undefined): string[] {
  if (forwarded) {
    const chain: string[] = [];
    for (const element of forwarded.split(',')) {
      const match = /(?:^|;)\s*for=("?)([^";]*)\1/i.exec(element.trim());
      if (!match) continue;
      // for="[2001:db8::1]:4711", for=192.0.2.60:8080, for=unknown, for=_hidden
      let value = match[2]!.trim();
      const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
      if (v6) value = v6[1]!;
      else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(value)) value = value.split(':')[0]!;
      chain.push(value);
    }
    return chain;
  }
  return (xForwardedFor ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * The client's address. Only when the peer is a trusted proxy are forwarding headers read,
 * right to left, skipping further trusted proxies: the first address not trusted is the
 * client (anything left of it could have been written by the client itself).
 */
export function clientAddressOf(peer: string | null, trusted: BlockList | null, headers: { forwarded?: string | undefined; xForwardedFor?: string | undefined }): string | null {
  if (peer === null) return null;
  const direct = normalizeAddress(peer);
  if (!trusted || !isTrusted(trusted, direct)) return direct;
  const chain = forwardedChain(headers.forwarded, headers.xForwardedFor);
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(chain[i]!);
    if (isIP(hop) === 0) return direct; // "unknown", an obfuscated id or garbage: fall back to the proxy's own address
    if (!isTrusted(trusted, hop)) return hop;
  }
  return chain.length > 0 ? normalizeAddress(chain[0]!) : direct;
}
