import type { CardBrand } from '@cim/shared';
import { html, svg, type SVGTemplateResult } from 'lit';

// Simplified marks drawn in a 32×20 box: recognisable at a glance, a few hundred bytes in all.
const MARKS: Partial<Record<CardBrand, SVGTemplateResult>> = {
  visa: svg`<rect width="32" height="20" rx="3" fill="#1a1f71"/><text x="16" y="14" fill="#fff" font-size="9" font-weight="800" font-style="italic" text-anchor="middle" font-family="Arial,sans-serif">VISA</text>`,
  mastercard: svg`<rect width="32" height="20" rx="3" fill="#252525"/><circle cx="13" cy="10" r="6" fill="#eb001b"/><circle cx="19" cy="10" r="6" fill="#f79e1b" fill-opacity=".9"/>`,
  amex: svg`<rect width="32" height="20" rx="3" fill="#1f72cd"/><text x="16" y="13.5" fill="#fff" font-size="7.5" font-weight="800" text-anchor="middle" font-family="Arial,sans-serif">AMEX</text>`,
  discover: svg`<rect width="31" height="19" x=".5" y=".5" rx="2.5" fill="#fff" stroke="#d9dce1"/><circle cx="21" cy="10" r="3.6" fill="#f48120"/><text x="11.5" y="12.4" fill="#231f20" font-size="6.2" font-weight="700" text-anchor="middle" font-family="Arial,sans-serif">DISC</text>`,
  jcb: svg`<rect width="32" height="20" rx="3" fill="#0b4ea2"/><text x="16" y="13.5" fill="#fff" font-size="8" font-weight="800" text-anchor="middle" font-family="Arial,sans-serif">JCB</text>`,
  unionpay: svg`<rect width="32" height="20" rx="3" fill="#d10429"/><text x="16" y="13" fill="#fff" font-size="6" font-weight="800" text-anchor="middle" font-family="Arial,sans-serif">UnionPay</text>`,
  diners: svg`<rect width="31" height="19" x=".5" y=".5" rx="2.5" fill="#fff" stroke="#d9dce1"/><circle cx="16" cy="10" r="6" fill="none" stroke="#0079be" stroke-width="2"/>`,
  maestro: svg`<rect width="32" height="20" rx="3" fill="#252525"/><circle cx="13" cy="10" r="6" fill="#0099df"/><circle cx="19" cy="10" r="6" fill="#eb001b" fill-opacity=".9"/>`,
};

const GENERIC = svg`<rect width="31" height="19" x=".5" y=".5" rx="2.5" fill="#f6f8fa" stroke="#c4c9d0"/><rect x="4" y="5" width="24" height="3" fill="#c4c9d0"/><rect x="4" y="12" width="8" height="2" rx="1" fill="#c4c9d0"/>`;

/** The brand's mark; decorative, because the brand's name is always written beside it or given as a label. */
export function brandMark(brand: CardBrand | undefined) {
  return html`<svg class="brand-mark" viewBox="0 0 32 20" width="32" height="20" aria-hidden="true" focusable="false" data-brand=${brand ?? 'unknown'}>${(brand && MARKS[brand]) ?? GENERIC}</svg>`;
}
