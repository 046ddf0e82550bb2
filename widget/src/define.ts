/** Registers <cim-checkout>. Importing it twice (two bundles on one page) is harmless. */
import { CimCheckout } from './cim-checkout.ts';

if (!customElements.get('cim-checkout')) customElements.define('cim-checkout', CimCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'cim-checkout': CimCheckout;
  }
}

export { CimCheckout };
