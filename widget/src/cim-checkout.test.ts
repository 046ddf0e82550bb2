import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './define.ts';
import type { CimCheckout } from './cim-checkout.ts';

// The test page is http://localhost:PORT; the dev server also answers as "CIM" on 127.0.0.1,
// a different origin, exactly like a shop page and the CIM server.
const CROSS_ORIGIN = `http://127.0.0.1:${location.port}/`;
const SAME_ORIGIN = `${location.origin}/`;

async function mount(session: string, options: { server?: string; attrs?: string } = {}) {
  const el = await fixture<CimCheckout>(html`<cim-checkout></cim-checkout>`);
  const ready = oneEvent(el, session === 'cs_expired' ? 'cim-error' : 'cim-ready');
  el.server = options.server ?? CROSS_ORIGIN;
  el.session = session;
  return { el, event: await ready };
}

const frameOf = (el: CimCheckout) => el.shadowRoot!.querySelector('iframe')!;

describe('<cim-checkout>', () => {
  beforeEach(async () => {
    await fetch('/__fake/reset', { method: 'POST' });
  });

  it('is accessible while loading and once ready', async () => {
    const el = await fixture<CimCheckout>(html`<cim-checkout></cim-checkout>`);
    await expect(el).to.be.accessible();
    const { el: ready } = await mount('cs_new');
    await expect(ready).to.be.accessible();
  });

  it('has sensible defaults', async () => {
    const { el, event } = await mount('cs_new');
    const frame = frameOf(el);
    expect((event as CustomEvent).detail).to.deep.equal({ mode: 'checkout' });
    expect(frame.src).to.equal(`${CROSS_ORIGIN}widget/frame?session=cs_new`);
    expect(frame.title).to.equal('Secure payment form');
    expect(frame.getAttribute('sandbox')).to.equal('allow-scripts allow-same-origin allow-forms');
    expect(el.hideButton).to.equal(false);
    expect(document.createElement('cim-checkout')).to.be.instanceOf(customElements.get('cim-checkout')!);
  });

  it('sizes the iframe to the form, without scrollbars', async () => {
    const { el } = await mount('cs_new', { server: SAME_ORIGIN });
    const frame = frameOf(el);
    await new Promise((r) => setTimeout(r, 100));
    const doc = frame.contentDocument!;
    expect(frame.getBoundingClientRect().height).to.be.greaterThan(300);
    expect(doc.documentElement.scrollHeight).to.be.at.most(Math.ceil(frame.getBoundingClientRect().height) + 1);
  });
});
