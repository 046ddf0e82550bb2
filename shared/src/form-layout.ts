/**
 * What the checkout frame shows first, as a short hint: `POST /v1/sessions` answers it as `layout`,
 * the merchant's page passes it on (`<cim-checkout layout=…>`), and the element draws its loading
 * skeleton with the same rows, so the page does not jump when the form replaces it.
 *
 * Space-separated words, e.g. `checkout cards=2 shipping addresses=1` or
 * `checkout new-card shipping new-address`: the mode first, then
 * - `cards=N` / `addresses=N`: saved entries listed (absent when 0);
 * - `new-card` / `new-address`: the new-card / new-address form is open (nothing saved to preselect);
 * - `shipping`: the shipping section shows (checkout; vault mode always lists addresses);
 * - `billing=full`: the new-card form asks for the full billing address.
 * Unknown words are ignored, so the hint can grow without breaking older elements.
 */
export interface FormLayout {
  mode: 'checkout' | 'vault';
  cards: number;
  newCard: boolean;
  shipping: boolean;
  addresses: number;
  newAddress: boolean;
  fullBilling: boolean;
}

/** What a wallet needs to say for its layout: the frame's own first view follows the same rules (frame/state.ts, preselect). */
export interface LayoutSource {
  mode: 'checkout' | 'vault';
  collectShipping: boolean;
  billingAddress: 'postal' | 'full';
  /** The cards the frame lists, expired ones included (shown, not selectable). */
  cards: ReadonlyArray<{ expired: boolean }>;
  addresses: number;
}

export function formLayout(w: LayoutSource): FormLayout {
  const checkout = w.mode === 'checkout';
  const shipping = checkout && w.collectShipping;
  return {
    mode: w.mode,
    cards: w.cards.length,
    // A returning shopper's usable card is preselected; with none, checkout opens the new-card form.
    newCard: checkout && !w.cards.some((c) => !c.expired),
    shipping,
    // Checkout lists addresses only when it asks where to ship; vault mode always does.
    addresses: checkout && !shipping ? 0 : w.addresses,
    newAddress: shipping && w.addresses === 0,
    fullBilling: w.billingAddress === 'full',
  };
}

export function formatFormLayout(l: FormLayout): string {
  return [
    l.mode,
    l.cards > 0 && `cards=${l.cards}`,
    l.newCard && 'new-card',
    l.shipping && 'shipping',
    l.addresses > 0 && `addresses=${l.addresses}`,
    l.newAddress && 'new-address',
    l.fullBilling && 'billing=full',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Reads a hint; without one, the likeliest first view: a new shopper's checkout with shipping (the session defaults). */
export function parseFormLayout(hint: string | null): FormLayout {
  const words = new Set((hint || 'checkout new-card shipping new-address').trim().split(/\s+/));
  // A whole number of rows, 0 to 20, whatever the page passed: the skeleton repeats a row this often.
  const count = (name: string) => Math.min(20, Math.max(0, Math.floor(Number([...words].find((w) => w.startsWith(`${name}=`))?.slice(name.length + 1)) || 0)));
  return {
    mode: words.has('vault') ? 'vault' : 'checkout',
    cards: count('cards'),
    newCard: words.has('new-card'),
    shipping: words.has('shipping'),
    addresses: count('addresses'),
    newAddress: words.has('new-address'),
    fullBilling: words.has('billing=full'),
  };
}
