import type { CimClient } from '../merchant/cim-client.ts';
import type { ShopDb, Shopper } from './db.ts';

/** What every shop route can use. */
export interface ShopDeps {
  db: ShopDb;
  cim: CimClient;
  /** The CIM origin the page loads the <cim-checkout> script from. */
  cimUrl: string;
  /** Signs the shop's login cookie. */
  cookieSecret: string;
  /** The back office's (/billing) sign-in password. */
  backOfficePassword: string;
  /** Session lifetime asked of CIM (undefined: CIM's default, 15 minutes). */
  sessionTtlSeconds?: number;
}

export interface ShopEnv {
  Variables: { deps: ShopDeps; shopper: Shopper | null };
}
