import { describe, expect, it } from 'vitest';
import { isPublicAddress } from './public-address.ts';

describe('isPublicAddress', () => {
  it('refuses loopback, private, link-local, shared, multicast and reserved addresses, also inside IPv6', () => {
    for (const address of [
      '127.0.0.1', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
      '::1', '::', 'fe80::1', 'fd00::1', 'fc00::2', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '64:ff9b::10.0.0.1', 'not-an-ip',
      // Ranges the webhook guard refused before the two guards became one: 6to4, NAT64 as a whole, IETF protocol assignments.
      '192.88.99.1', '2002:c0a8:101::1', '64:ff9b::8.8.8.8', '2001::1',
    ]) expect(isPublicAddress(address), address).toBe(false);
  });

  it('lets public addresses through', () => {
    for (const address of ['8.8.8.8', '172.32.0.1', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(address), address).toBe(true);
  });
});
