/**
 * Compile-time only (the root typecheck; left out of the build): the published CheckoutClaims stay
 * what the server signs. Declared apart because @cim/shared is not published; the card brand is
 * a plain string here so a brand added later does not break an installed verifier.
 */
import type { CheckoutTokenClaims } from '../../shared/src/tokens.ts';
import type { CheckoutClaims } from './index.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Widened = Omit<CheckoutTokenClaims, 'card'> & { card: Omit<CheckoutTokenClaims['card'], 'brand'> & { brand: string } };
const check: Same<CheckoutClaims, Widened> = true;
export default check;
