/** What the shop sells. Prices in cents; art is inline SVG so the demo needs no network. */
export interface Product {
  id: string;
  name: string;
  blurb: string;
  priceCents: number;
  art: string;
}

const bag = (bg: string, label: string, band: string) => `
<svg viewBox="0 0 200 160" xmlns="http://www.w3.org/2000/svg" role="img" aria-hidden="true">
  <rect width="200" height="160" fill="${bg}"/>
  <path d="M70 30h60l8 16v94a6 6 0 0 1-6 6H68a6 6 0 0 1-6-6V46z" fill="#2b2118"/>
  <path d="M70 30h60l8 16H62z" fill="#3d3025"/>
  <rect x="62" y="70" width="76" height="38" fill="${band}"/>
  <text x="100" y="94" font-family="Georgia, serif" font-size="15" fill="#2b2118" text-anchor="middle">${label}</text>
</svg>`;

export const PRODUCTS: Product[] = [
  {
    id: 'house-blend',
    name: 'House Blend, 340 g',
    blurb: 'Chocolate, toasted hazelnut, a long sweet finish. Roasted on Mondays.',
    priceCents: 1600,
    art: bag('#f3e3cf', 'HOUSE', '#e8b86d'),
  },
  {
    id: 'ethiopia-guji',
    name: 'Ethiopia Guji, 250 g',
    blurb: 'Washed heirloom varieties. Bergamot, peach and jasmine.',
    priceCents: 1950,
    art: bag('#e4ecdf', 'GUJI', '#9cc49a'),
  },
  {
    id: 'stoneware-mug',
    name: 'Stoneware Mug',
    blurb: 'Hand-glazed in small batches. Holds 350 ml and keeps it hot.',
    priceCents: 1400,
    art: `
<svg viewBox="0 0 200 160" xmlns="http://www.w3.org/2000/svg" role="img" aria-hidden="true">
  <rect width="200" height="160" fill="#dfe7ef"/>
  <path d="M128 66h10a18 18 0 0 1 0 36h-10" fill="none" stroke="#33506b" stroke-width="9"/>
  <path d="M62 52h68v62a16 16 0 0 1-16 16H78a16 16 0 0 1-16-16z" fill="#33506b"/>
  <path d="M62 52h68v14H62z" fill="#4d7096"/>
  <path d="M84 40c-4-6 4-10 0-16M100 40c-4-6 4-10 0-16M116 40c-4-6 4-10 0-16" stroke="#7a93ab" stroke-width="3" fill="none" stroke-linecap="round"/>
</svg>`,
  },
  {
    id: 'pour-over-dripper',
    name: 'Ceramic Pour-over Dripper',
    blurb: 'A cone with spiral ribs for an even, unhurried extraction.',
    priceCents: 2800,
    art: `
<svg viewBox="0 0 200 160" xmlns="http://www.w3.org/2000/svg" role="img" aria-hidden="true">
  <rect width="200" height="160" fill="#f6e0dc"/>
  <path d="M56 44h88l-30 58H86z" fill="#fbf7f2" stroke="#c9776b" stroke-width="4" stroke-linejoin="round"/>
  <rect x="78" y="102" width="44" height="8" rx="3" fill="#c9776b"/>
  <path d="M70 118h60v14a8 8 0 0 1-8 8H78a8 8 0 0 1-8-8z" fill="#8c4f45" opacity=".85"/>
  <path d="M76 56l14 34M100 56v34M124 56l-14 34" stroke="#e7b7ae" stroke-width="3"/>
</svg>`,
  },
  {
    id: 'hand-grinder',
    name: 'Hand Grinder',
    blurb: 'Steel conical burrs, 40 click settings, from espresso to cold brew.',
    priceCents: 6400,
    art: `
<svg viewBox="0 0 200 160" xmlns="http://www.w3.org/2000/svg" role="img" aria-hidden="true">
  <rect width="200" height="160" fill="#ece7f3"/>
  <rect x="80" y="50" width="40" height="88" rx="8" fill="#4a4458"/>
  <rect x="80" y="92" width="40" height="10" fill="#6d6580"/>
  <rect x="96" y="30" width="8" height="22" fill="#4a4458"/>
  <path d="M100 32h46" stroke="#4a4458" stroke-width="7" stroke-linecap="round"/>
  <circle cx="148" cy="32" r="9" fill="#b79b6c"/>
</svg>`,
  },
  {
    id: 'paper-filters',
    name: 'Paper Filters ×100',
    blurb: 'Unbleached, sized for the dripper. Rinse first; thank us later.',
    priceCents: 650,
    art: `
<svg viewBox="0 0 200 160" xmlns="http://www.w3.org/2000/svg" role="img" aria-hidden="true">
  <rect width="200" height="160" fill="#f4efe2"/>
  <path d="M50 50h70l-22 62H72z" fill="#e3d3b0" transform="rotate(-8 85 80)"/>
  <path d="M70 46h70l-22 62H92z" fill="#eadcbc"/>
  <path d="M88 42h70l-22 62h-26z" fill="#f1e5c9" stroke="#cdb88c" stroke-width="2"/>
</svg>`,
  },
];

export const findProduct = (id: string): Product | undefined => PRODUCTS.find((p) => p.id === id);
