import { describe, expect, it } from 'vitest';
import { formatFormLayout, formLayout, parseFormLayout, type FormLayout } from './form-layout.ts';

describe('the layout hint', () => {
  it('reads back what it wrote, for every kind of first view', () => {
    const views: FormLayout[] = [
      formLayout({ mode: 'checkout', collectShipping: true, billingAddress: 'postal', cards: [], addresses: 0 }),
      formLayout({ mode: 'checkout', collectShipping: false, billingAddress: 'full', cards: [{ expired: true }], addresses: 3 }),
      formLayout({ mode: 'checkout', collectShipping: true, billingAddress: 'postal', cards: [{ expired: false }, { expired: true }], addresses: 2 }),
      formLayout({ mode: 'vault', collectShipping: true, billingAddress: 'postal', cards: [{ expired: false }], addresses: 0 }),
    ];
    expect(views.map(formatFormLayout)).toEqual(['checkout new-card shipping new-address', 'checkout cards=1 new-card billing=full', 'checkout cards=2 shipping addresses=2', 'vault cards=1']);
    for (const view of views) expect(parseFormLayout(formatFormLayout(view))).toEqual(view);
  });

  it('guesses a new shopper checkout with shipping without a hint, ignores words it does not know, and caps counts', () => {
    expect(parseFormLayout(null)).toEqual(parseFormLayout('checkout new-card shipping new-address'));
    expect(parseFormLayout('')).toEqual(parseFormLayout(null));
    expect(parseFormLayout('  vault   cards=2 sparkles addresses=x ')).toEqual({ mode: 'vault', cards: 2, newCard: false, shipping: false, addresses: 0, newAddress: false, fullBilling: false });
    expect(parseFormLayout('checkout cards=100000000 addresses=-3').cards).toBe(20);
    expect(parseFormLayout('checkout addresses=-3').addresses).toBe(0);
  });
});
