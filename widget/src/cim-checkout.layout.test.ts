/**
 * The loading skeleton is the form it becomes: for each kind of session the skeleton drawn from its
 * `layout` hint is as tall as the frame's form, and the page does not move (cumulative layout shift,
 * measured by the browser) from the element's insertion to `cim-ready` and the frame's resize.
 */
import { formatFormLayout, formLayout } from '@cim/shared';
import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import './define.ts';
import type { CimCheckout } from './cim-checkout.ts';
import { createFakeWidgetApi } from './testing/fake-widget-api.ts';
import { inFrame } from './testing/frame-commands.ts';
import type { Wallet } from './frame/wallet.ts';

const CROSS_ORIGIN = `http://127.0.0.1:${location.port}/`;

/** The hint the server answers for this wallet (server/src/domain/sessions.ts does the same from its store). */
const layoutOf = (w: Wallet) =>
  formatFormLayout(formLayout({ ...w.session, cards: w.paymentProfiles.filter((p) => p.card), addresses: w.shippingAddresses.length }));

const frames = (n: number) => new Promise<void>((done) => {
  const step = (left: number) => (left === 0 ? done() : requestAnimationFrame(() => step(left - 1)));
  step(n);
});

interface Measured {
  skeleton: number;
  frame: number;
  shift: number;
  shifts: string[];
  footerOnScreen: boolean;
}

/**
 * Inserts the element above a footer, as a shop's page has it, and measures until the form is shown;
 * `inspect` runs while the form is still on the page.
 */
async function measure(session: string, attrs: Record<string, string>, width?: number, inspect?: () => Promise<void>): Promise<Measured> {
  // Chrome marks shifts within 500 ms of a viewport change (setViewport) as hadRecentInput, which
  // CLS leaves out: on a fast machine the whole measurement would fall in that window and see nothing.
  await new Promise((r) => setTimeout(r, 600));
  const page = document.createElement('main');
  page.style.cssText = `display:block;margin:16px;font:16px/1.5 sans-serif;${width ? `width:${width}px` : ''}`;
  page.innerHTML = '<h1 style="margin:0 0 16px;font-size:24px">Checkout</h1>';
  const el = document.createElement('cim-checkout') as CimCheckout;
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  const footer = document.createElement('footer');
  footer.style.cssText = 'display:block;height:120px;margin-top:16px;background:#eee';
  footer.textContent = 'Order summary';
  page.append(el, footer);

  let shift = 0;
  const shifts: string[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: Array<{ node?: Node }> }>) {
      if (entry.hadRecentInput) continue;
      shift += entry.value;
      shifts.push(`${entry.value.toFixed(4)} ${(entry.sources ?? []).map((s) => (s.node as Element | undefined)?.nodeName ?? '?').join(',')}`);
    }
  });
  observer.observe({ type: 'layout-shift' });

  document.body.append(page);
  await frames(2);
  const skeleton = el.shadowRoot!.querySelector('.skeleton')!.getBoundingClientRect().height;
  const ready = new Promise((resolve) => el.addEventListener('cim-ready', resolve, { once: true }));
  el.server = CROSS_ORIGIN;
  el.session = session;
  await ready;
  // The resize came before ready; a few frames for the browser to lay out, paint and report shifts.
  await frames(5);
  await new Promise((r) => setTimeout(r, 200));
  await frames(2);
  for (const entry of observer.takeRecords() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) if (!entry.hadRecentInput) shift += entry.value;
  observer.disconnect();
  const frame = el.shadowRoot!.querySelector('iframe')!.getBoundingClientRect().height;
  const footerOnScreen = footer.getBoundingClientRect().bottom <= innerHeight;
  try {
    await inspect?.();
  } finally {
    page.remove();
  }
  return { skeleton, frame, shift, shifts, footerOnScreen };
}

describe('<cim-checkout> loading skeleton', () => {
  const wallets = createFakeWidgetApi().wallets;
  const cases: Array<[string, string, Record<string, string>]> = [
    ['a new shopper (shipping)', 'cs_new', { layout: layoutOf(wallets.cs_new!) }],
    ['a new shopper, no hint (the guess)', 'cs_new', {}],
    ['a new shopper with full billing, own pay button', 'cs_full', { layout: layoutOf(wallets.cs_full!), 'hide-button': '' }],
    ['a returning shopper with saved cards and addresses', 'cs_returning', { layout: layoutOf(wallets.cs_returning!) }],
    ['vault mode', 'cs_vault', { layout: layoutOf(wallets.cs_vault!) }],
    // The page's theme reaches both: the frame through `configure`, the skeleton through the same properties.
    ['a returning shopper, themed larger and roomier', 'cs_returning', { layout: layoutOf(wallets.cs_returning!), style: '--cim-font-size: 18px; --cim-spacing: 16px' }],
  ];

  beforeEach(async () => {
    await fetch('/__fake/reset', { method: 'POST' });
  });
  after(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  for (const width of [375, 1280]) {
    for (const [name, session, attrs] of cases) {
      it(`${name} at ${width} px: the skeleton is the form's height, and nothing moves (CLS ≤ 0.01)`, async () => {
        // Tall enough for the footer to be on screen under the tallest form: a shift it suffered would count.
        await setViewport({ width, height: 1700 });
        const m = await measure(session, attrs);
        console.log(`[layout] ${width}px ${session} ${attrs.layout ?? '(no hint)'}: skeleton ${m.skeleton.toFixed(1)} frame ${m.frame.toFixed(1)} CLS ${m.shift.toFixed(5)} ${m.shifts.join(' | ')}`);
        expect(m.frame).to.be.greaterThan(200);
        expect(m.footerOnScreen, 'the footer is on screen').to.equal(true);
        expect(Math.abs(m.skeleton - m.frame), `skeleton ${m.skeleton} vs frame ${m.frame}`).to.be.at.most(2);
        expect(m.shift).to.be.at.most(0.01);
      });
    }
  }

  // Every line of text in a first view stays one line down to the element's narrowest (its
  // min-width, 240 px), in every language: the skeleton cannot know the words, only the rows.
  for (const locale of ['en', 'fr', 'de', 'es']) {
    for (const width of [240, 300, 360]) {
      it(`in ${locale}, ${width} px wide: the new-card and address forms are as tall as their skeleton`, async () => {
        await setViewport({ width: 1280, height: 1700 });
        const m = await measure('cs_full', { layout: layoutOf(wallets.cs_full!), locale }, width);
        console.log(`[layout] ${locale} ${width}px-wide cs_full: skeleton ${m.skeleton.toFixed(1)} frame ${m.frame.toFixed(1)} CLS ${m.shift.toFixed(5)}`);
        expect(Math.abs(m.skeleton - m.frame), `skeleton ${m.skeleton} vs frame ${m.frame}`).to.be.at.most(2);
        const returning = await measure('cs_new', { layout: layoutOf(wallets.cs_new!), locale }, width);
        expect(Math.abs(returning.skeleton - returning.frame), `skeleton ${returning.skeleton} vs frame ${returning.frame}`).to.be.at.most(2);
      });
    }
  }

  // Vault mode's rows carry the longest buttons ("Make default", "Update expiry"): each button's
  // text fits its box, the box stays a 44 px touch target, and the rows keep the skeleton's height.
  const OVERFLOWING = `[...document.querySelectorAll('button')].map((b) => ({
    text: b.textContent.trim() || b.getAttribute('aria-label'), width: b.clientWidth, height: b.clientHeight,
    scrollWidth: b.scrollWidth, scrollHeight: b.scrollHeight,
  }))`;
  interface ButtonBox { text: string; width: number; height: number; scrollWidth: number; scrollHeight: number }
  for (const locale of ['en', 'fr', 'de', 'es']) {
    for (const width of [375, 1280]) {
      it(`vault mode in ${locale} at ${width} px: every button's text fits inside its box`, async () => {
        await setViewport({ width, height: 1700 });
        let buttons: ButtonBox[] = [];
        const m = await measure('cs_vault', { layout: layoutOf(wallets.cs_vault!), locale }, undefined, async () => {
          buttons = await inFrame.eval<ButtonBox[]>(OVERFLOWING);
        });
        console.log(`[layout] vault ${locale} ${width}px: skeleton ${m.skeleton.toFixed(1)} frame ${m.frame.toFixed(1)}; ${buttons.map((b) => `${b.text} ${b.scrollWidth}/${b.width}x${b.height}`).join(', ')}`);
        const tools = buttons.filter((b) => b.text.length > 1 && b.width > 0 && b.height > 0);
        // Two cards' "Update expiry", one "Make default", three removes per section, two "Add …".
        expect(tools.length, 'buttons on the page').to.be.at.least(10);
        for (const b of tools) {
          expect(b.scrollWidth, `"${b.text}" is ${b.scrollWidth} px wide in a ${b.width} px box`).to.be.at.most(b.width);
          expect(b.scrollHeight, `"${b.text}" is ${b.scrollHeight} px tall in a ${b.height} px box`).to.be.at.most(b.height);
          expect(b.height, `"${b.text}" is a touch target`).to.be.at.least(44);
        }
        expect(Math.abs(m.skeleton - m.frame), `skeleton ${m.skeleton} vs frame ${m.frame}`).to.be.at.most(2);
      });
    }
  }

  it('a hint for another layout does move the page: the measurement can fail', async () => {
    await setViewport({ width: 375, height: 1700 });
    const m = await measure('cs_returning', { layout: layoutOf(wallets.cs_new!) });
    expect(Math.abs(m.skeleton - m.frame)).to.be.greaterThan(100);
    expect(m.shift).to.be.greaterThan(0.01);
  });
});
