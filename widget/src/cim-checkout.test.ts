import { hostMessage } from '@cim/shared';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './define.ts';
import type { CimCheckout } from './cim-checkout.ts';
import type { CimChangeDetail } from './events/cim-change.ts';
import { CimCheckoutError, type CimErrorDetail, type CimErrorEvent } from './events/cim-error.ts';
import type { CimTokenDetail } from './events/cim-token.ts';
import { RENEWED_ELSEWHERE, RENEWED_SESSION } from './testing/fake-widget-api.ts';
import { inFrame } from './testing/frame-commands.ts';

// The test page is http://localhost:PORT; the dev server also answers as "CIM" on 127.0.0.1,
// a different origin, exactly like a shop page and the CIM server. Inside that cross-origin
// frame the tests act through the browser's automation (inFrame), as a shopper would.
const CROSS_ORIGIN = `http://127.0.0.1:${location.port}/`;
const SAME_ORIGIN = `${location.origin}/`;

async function mount(session: string, options: { server?: string; attrs?: Record<string, string> } = {}) {
  const el = await fixture<CimCheckout>(html`<cim-checkout></cim-checkout>`);
  for (const [name, value] of Object.entries(options.attrs ?? {})) el.setAttribute(name, value);
  const changes: CimChangeDetail[] = [];
  el.addEventListener('cim-change', (e) => changes.push(e.detail));
  const ready = oneEvent(el, session === 'cs_expired' ? 'cim-error' : 'cim-ready');
  el.server = options.server ?? CROSS_ORIGIN;
  el.session = session;
  return { el, changes, event: await ready };
}

const frameOf = (el: CimCheckout) => el.shadowRoot!.querySelector('iframe')!;

const until = async (check: () => boolean | Promise<boolean>, what = 'condition') => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
};

async function fillCard(number = '4242424242424242') {
  await inFrame.type('#name', 'Ada Lovelace');
  await inFrame.type('#number', number);
  await inFrame.type('#expiry', '1230');
  await inFrame.type('#cvc', '123');
  await inFrame.type('#postal', '10001');
}

/** A computed style of an element in the frame. */
const frameStyle = (selector: string, property: string) => inFrame.eval<string>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`);

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
    expect(el.shadowRoot!.querySelectorAll('iframe')).to.have.length(1);
    expect(el.hideButton).to.equal(false);
    expect(await inFrame.eval<number>(`document.querySelectorAll('button.pay').length`)).to.equal(1);
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

  describe('cim-change', () => {
    it('reports empty, brand, errors and completeness as the shopper types, and never a digit', async () => {
      const { changes } = await mount('cs_noship');
      await until(() => changes.length > 0, 'the first cim-change');
      expect(changes.at(-1)).to.deep.equal({ complete: false, empty: true, errors: [] });

      await inFrame.type('#number', '4242');
      await until(() => changes.at(-1)?.brand === 'visa', 'brand visa');
      expect(changes.at(-1)).to.deep.include({ complete: false, empty: false, errors: [] });

      // Leaving an incomplete number shows (and reports) its error.
      await inFrame.click('#expiry');
      await until(() => changes.at(-1)!.errors.length > 0, 'an error');
      expect(changes.at(-1)!.errors).to.deep.equal([{ field: 'number', code: 'invalid_card_number', message: 'Your card number is incomplete.' }]);

      await inFrame.clear('#number');
      await fillCard();
      await until(() => changes.at(-1)?.complete === true, 'complete');
      expect(changes.at(-1)).to.deep.equal({ complete: true, empty: false, brand: 'visa', errors: [] });

      await inFrame.clear('#number');
      await inFrame.type('#number', '378282246310005');
      await until(() => changes.at(-1)?.brand === 'amex', 'brand amex');
      // An Amex code has four digits: the three typed no longer complete the form.
      expect(changes.at(-1)!.complete).to.equal(false);

      expect(JSON.stringify(changes)).not.to.match(/[0-9]/);
    });
  });

  describe('cim-token and cim-error', () => {
    it('the frame’s own button: cim-token with the token and the card summary', async () => {
      const { el } = await mount('cs_noship');
      await fillCard();
      const token = oneEvent(el, 'cim-token');
      await inFrame.click('button.pay');
      const detail: CimTokenDetail = (await token).detail;
      expect(detail.token).to.match(/^fake\.\d+\.token$/);
      expect(detail.card).to.deep.equal({ brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 });
    });

    it('declined(): the frame offers the new-card form again, number and code cleared, the rest kept', async () => {
      const { el } = await mount('cs_noship');
      await fillCard();
      const token = oneEvent(el, 'cim-token');
      await inFrame.click('button.pay');
      await token;
      el.declined();
      await until(async () => (await inFrame.eval<string>(`document.querySelector('.notice.error')?.textContent ?? ''`)).includes('declined'), 'declined notice');
      const fields = await inFrame.eval<string[]>(`['#name', '#number', '#expiry', '#cvc'].map((s) => document.querySelector(s).value)`);
      expect(fields).to.deep.equal(['Ada Lovelace', '', '12 / 30', '']);
      expect(await inFrame.eval<string>(`document.activeElement.id`)).to.equal('number');
    });

    it('the frame’s own button on an incomplete form: cim-error with the first problem', async () => {
      const { el } = await mount('cs_noship');
      const error = oneEvent(el, 'cim-error');
      await inFrame.click('button.pay');
      expect((await error).detail).to.deep.equal({ code: 'invalid_request', message: 'Enter the name on the card.' });
      expect(await inFrame.eval<number>(`document.querySelectorAll('[aria-invalid="true"]').length`)).to.equal(5);
    });

    it('submit(): resolves to the token of the chosen saved card and fires cim-token', async () => {
      const { el } = await mount('cs_returning');
      const event = oneEvent(el, 'cim-token');
      const token = await el.submit();
      expect(token).to.equal('fake.2000000001.token');
      expect((await event).detail).to.deep.equal({ token, card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 } });
    });

    it('submit(): a new card typed in the frame', async () => {
      const { el } = await mount('cs_noship', { attrs: { 'hide-button': '' } });
      await fillCard('5555555555554444');
      const token = await el.submit();
      expect(token).to.match(/^fake\.\d+\.token$/);
    });

    it('submit(): rejects with a CimCheckoutError and fires cim-error when the form is incomplete', async () => {
      const { el } = await mount('cs_noship');
      const event = oneEvent(el, 'cim-error');
      const failure = await el.submit().then(() => null, (error: unknown) => error);
      expect(failure).to.be.instanceOf(CimCheckoutError);
      expect((failure as CimCheckoutError).code).to.equal('invalid_request');
      const detail: CimErrorDetail = (await event).detail;
      expect(detail).to.deep.equal({ code: 'invalid_request', message: (failure as CimCheckoutError).message });
    });

    it('submit(): rejects with not_ready before the form has loaded, and fires cim-error with the same code and message', async () => {
      const el = await fixture<CimCheckout>(html`<cim-checkout></cim-checkout>`);
      const event = oneEvent(el, 'cim-error');
      const failure = (await el.submit().catch((e: unknown) => e)) as CimCheckoutError;
      expect(failure.code).to.equal('not_ready');
      expect((await event).detail).to.deep.equal({ code: 'not_ready', message: failure.message });
    });

    it('an expired session: cim-error session_expired', async () => {
      const { event } = await mount('cs_expired');
      expect((event as CustomEvent<CimErrorDetail>).detail.code).to.equal('session_expired');
    });

    // "Within seconds": reported 1 s after the frame's error page loads; 8 s leaves a loaded machine room
    // to load it and still tells this apart from the 15 s load timeout.
    it('a frame the browser refuses (frame-ancestors): cim-error frame_blocked within seconds, not after the 15 s load timeout', async () => {
      const el = await fixture<CimCheckout>(html`<cim-checkout></cim-checkout>`);
      const failed = oneEvent(el, 'cim-error');
      const started = performance.now();
      el.server = CROSS_ORIGIN;
      el.session = 'cs_refused';
      const detail: CimErrorDetail = (await failed).detail;
      expect(detail.code).to.equal('frame_blocked');
      expect(detail.message).to.be.a('string').and.not.empty;
      expect(performance.now() - started).to.be.below(8000);
      // The skeleton gives way to the same words, announced, instead of shimmering forever.
      const root = el.shadowRoot!;
      const failure = root.querySelector<HTMLElement>('[part="failure"]')!;
      expect(getComputedStyle(root.querySelector('[part="skeleton"]')!).display).to.equal('none');
      expect(failure.getAttribute('role')).to.equal('alert');
      expect(failure.textContent).to.equal(detail.message);
      expect(failure.getBoundingClientRect().height).to.be.greaterThan(20);
      expect(frameOf(el).getBoundingClientRect().height).to.equal(0);
    });

    it('frame_blocked: the message in place of the form follows locale', async () => {
      const el = await fixture<CimCheckout>(html`<cim-checkout locale="de"></cim-checkout>`);
      const failed = oneEvent(el, 'cim-error');
      el.server = CROSS_ORIGIN;
      el.session = 'cs_refused';
      await failed;
      expect(el.shadowRoot!.querySelector('[part="failure"]')!.textContent).to.equal('Der Browser hat die Anzeige des Zahlungsformulars verweigert.');
    });

    it('a server that cannot be reached: cim-error frame_blocked as soon as the browser shows its error page', async () => {
      const el = await fixture<CimCheckout>(html`<cim-checkout></cim-checkout>`);
      const failed = oneEvent(el, 'cim-error');
      const started = performance.now();
      el.server = 'http://127.0.0.1:9/';
      el.session = 'cs_new';
      expect(((await failed) as CimErrorEvent).detail.code).to.equal('frame_blocked');
      expect(performance.now() - started).to.be.below(8000);
    });

    it('a frame that loads normally never reports frame_blocked', async () => {
      const errors: string[] = [];
      const el = await fixture<CimCheckout>(html`<cim-checkout></cim-checkout>`);
      el.addEventListener('cim-error', (e) => errors.push(e.detail.code));
      const ready = oneEvent(el, 'cim-ready');
      el.server = CROSS_ORIGIN;
      el.session = 'cs_new';
      await ready;
      await new Promise((r) => setTimeout(r, 2500));
      expect(errors).to.deep.equal([]);
    });

    it('events bubble out of shadow roots (composed)', async () => {
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      const root = host.attachShadow({ mode: 'open' });
      const el = document.createElement('cim-checkout');
      root.append(el);
      const ready = oneEvent(document, 'cim-ready');
      el.server = CROSS_ORIGIN;
      el.session = 'cs_returning';
      expect((await ready).target).to.equal(host);
    });
  });

  describe('session expiry', () => {
    it('fires cim-session-expiring then cim-session-expired; a new session carries on in the same frame with what was typed', async () => {
      const el = await fixture<CimCheckout>(html`<cim-checkout></cim-checkout>`);
      const expiring = oneEvent(el, 'cim-session-expiring');
      const expired = oneEvent(el, 'cim-session-expired');
      const ready = oneEvent(el, 'cim-ready');
      el.server = CROSS_ORIGIN;
      el.session = 'cs_brief';
      await ready;
      expect((await expiring).detail).to.deep.equal({ seconds: 2 });
      await fillCard('4000056655665556');
      await expired;
      const frame = frameOf(el);
      expect(await inFrame.eval<string>(`document.querySelector('#number').value`)).to.equal('4000 0566 5566 5556');

      el.session = RENEWED_SESSION;
      // Renewed in place: the same iframe, nothing retyped; the card typed before is the one paid with.
      await until(async () => (await inFrame.eval<number>(`performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/widget/api/wallet')).length`)) >= 2, 'the renewed wallet');
      expect(frameOf(el)).to.equal(frame);
      expect(await inFrame.eval<string>(`document.querySelector('#name').value`)).to.equal('Ada Lovelace');
      const token = oneEvent(el, 'cim-token');
      await el.submit();
      expect((await token).detail.card).to.include({ brand: 'visa', last4: '5556' });
    });

    it('a new session for another page origin is refused (cim-error forbidden) and the form stays under the old one', async () => {
      const { el } = await mount('cs_noship');
      await fillCard();
      const failed = oneEvent(el, 'cim-error');
      el.session = RENEWED_ELSEWHERE;
      expect((await failed).detail.code).to.equal('forbidden');
      expect(await inFrame.eval<string>(`document.querySelector('#postal').value`)).to.equal('10001');
      const token = await el.submit();
      expect(token).to.match(/^fake\./);
    });
  });

  describe('hide-button', () => {
    it('hides the frame’s button, and shows it again when removed', async () => {
      const { el } = await mount('cs_noship', { attrs: { 'hide-button': '' } });
      const buttons = () => inFrame.eval<number>(`document.querySelectorAll('button.pay').length`);
      expect(await buttons()).to.equal(0);
      el.hideButton = false;
      await until(async () => (await buttons()) === 1, 'the button');
      el.toggleAttribute('hide-button', true);
      await until(async () => (await buttons()) === 0, 'no button');
    });

    it('Enter in a field fires cim-submit and submits nothing; the page decides with submit()', async () => {
      const { el } = await mount('cs_noship', { attrs: { 'hide-button': '' } });
      const tokens: string[] = [];
      el.addEventListener('cim-token', (e) => tokens.push(e.detail.token));
      await fillCard();
      const asked = oneEvent(el, 'cim-submit');
      await inFrame.press('Enter');
      await asked;
      await new Promise((r) => setTimeout(r, 300));
      expect(tokens).to.deep.equal([]);
      const token = await el.submit();
      expect(tokens).to.deep.equal([token]);
    });

    it('with the frame’s button shown, Enter submits the form itself and fires no cim-submit', async () => {
      const { el } = await mount('cs_noship');
      let asked = 0;
      el.addEventListener('cim-submit', () => asked++);
      await fillCard();
      const token = oneEvent(el, 'cim-token');
      await inFrame.press('Enter');
      await token;
      expect(asked).to.equal(0);
    });
  });

  describe('hide-button sizing', () => {
    it('the iframe is exactly as tall as the new-card form without its button: no blank space below', async () => {
      const { el } = await mount('cs_noship', { server: SAME_ORIGIN, attrs: { 'hide-button': '' } });
      const frame = frameOf(el);
      await new Promise((r) => setTimeout(r, 300));
      const doc = frame.contentDocument!;
      expect(doc.querySelector('button.pay')).to.equal(null);
      const app = doc.querySelector('cim-frame-app')!.getBoundingClientRect().height;
      const lastBottom = Math.max(...[...doc.querySelectorAll('form > *')].map((c) => c.getBoundingClientRect().bottom));
      const height = frame.getBoundingClientRect().height;
      expect(height).to.be.closeTo(Math.ceil(app), 1);
      // What is below the last line of the form is the app's own 3 px of room for focus rings.
      expect(height - lastBottom).to.be.below(8);
      expect(el.getBoundingClientRect().height).to.equal(height);
    });
  });

  describe('theming', () => {
    it('passes the --cim-* custom properties to the frame, which applies them', async () => {
      const { el } = await mount('cs_noship', { attrs: { style: '--cim-color-primary: rgb(1, 2, 3); --cim-radius: 3px; --cim-font-size: 17px' } });
      await until(async () => (await frameStyle('button.pay', 'backgroundColor')) === 'rgb(1, 2, 3)', 'primary colour');
      expect(await frameStyle('#name', 'borderTopLeftRadius')).to.equal('3px');
      expect(await frameStyle('cim-frame-app', 'fontSize')).to.equal('17px');

      // A change on the element (style or class) reaches the frame.
      el.style.setProperty('--cim-color-primary', '#00ff00');
      await until(async () => (await frameStyle('button.pay', 'backgroundColor')) === 'rgb(0, 255, 0)', 'new primary colour');
    });

    it('drops values of the wrong shape, from page CSS or from a forged message', async () => {
      const { el } = await mount('cs_noship', {
        attrs: { style: '--cim-color-primary: url(http://evil.test/p.png); --cim-radius: expression(alert(1)); --cim-color-text: rgb(9, 9, 9)' },
      });
      await until(async () => (await frameStyle('cim-frame-app', 'color')) === 'rgb(9, 9, 9)', 'text colour');
      const rootStyle = () => inFrame.eval<string>(`document.documentElement.getAttribute('style') ?? ''`);
      expect(await rootStyle()).not.to.match(/evil|expression/);
      expect(await frameStyle('button.pay', 'backgroundColor')).to.equal('rgb(5, 112, 222)'); // the default

      // A custom property cannot even hold `;`, so send it as a hostile page script would,
      // straight to the frame (this page is its parent, so the frame does read it).
      const frame = frameOf(el);
      frame.contentWindow!.postMessage(
        hostMessage('configure', { locale: 'en', hideButton: false, theme: { '--cim-color-danger': 'red;background:url(http://evil.test)', '--cim-color-primary': 'rgb(4, 5, 6)' } }),
        new URL(CROSS_ORIGIN).origin,
      );
      await until(async () => (await frameStyle('button.pay', 'backgroundColor')) === 'rgb(4, 5, 6)', 'forged primary colour');
      expect(await inFrame.eval<string>(`document.documentElement.style.getPropertyValue('--cim-color-danger')`)).to.equal('');
      expect(await rootStyle()).not.to.contain('evil');
      expect(await frameStyle('body', 'backgroundImage')).to.equal('none');
    });
  });

  describe('locale', () => {
    it('speaks the locale attribute across origins, and switches when it changes', async () => {
      const { el } = await mount('cs_noship', { attrs: { locale: 'fr-CA' } });
      const label = () => inFrame.eval<string>(`document.querySelector('label[for="number"]').textContent`);
      await until(async () => (await label()) === 'Numéro de carte', 'French');
      expect(frameOf(el).title).to.equal('Formulaire de paiement sécurisé');
      expect(await inFrame.eval<string>('document.documentElement.lang')).to.equal('fr');
      const error = oneEvent(el, 'cim-error');
      await inFrame.click('button.pay');
      expect((await error).detail.message).to.equal('Saisissez le nom figurant sur la carte.');

      el.locale = 'de';
      await until(async () => (await label()) === 'Kartennummer', 'German');
      expect(frameOf(el).title).to.equal('Sicheres Zahlungsformular');
      el.locale = 'es';
      await until(async () => (await label()) === 'Número de tarjeta', 'Spanish');
      el.locale = 'xx';
      await until(async () => (await label()) === 'Card number', 'English fallback');
    });

    it('the loader’s own errors (frame_blocked, not_ready) speak the locale too; English by default', async () => {
      const blockedMessage = async (attrs: Record<string, string>) => {
        const el = await fixture<CimCheckout>(html`<cim-checkout></cim-checkout>`);
        for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
        const failed = oneEvent(el, 'cim-error');
        el.server = CROSS_ORIGIN;
        el.session = 'cs_refused';
        const detail: CimErrorDetail = (await failed).detail;
        expect(detail.code).to.equal('frame_blocked');
        return detail.message;
      };
      expect(await blockedMessage({ locale: 'fr' })).to.equal('Le navigateur a refusé d’afficher le formulaire de paiement.');
      expect(await blockedMessage({})).to.equal('The browser refused to show the payment form.');

      const notReady = async (locale?: string) => {
        const el = await fixture<CimCheckout>(html`<cim-checkout></cim-checkout>`);
        if (locale) el.locale = locale;
        return (await el.submit().catch((e: unknown) => e)) as CimCheckoutError;
      };
      expect(await notReady('fr-CA')).to.include({ code: 'not_ready', message: 'Le formulaire de paiement n’est pas encore chargé.' });
      expect(await notReady()).to.include({ code: 'not_ready', message: 'The payment form has not loaded yet.' });
    });

    it('defaults to the page’s language', async () => {
      document.documentElement.lang = 'de';
      try {
        const { el } = await mount('cs_noship');
        await until(async () => (await inFrame.eval<string>('document.documentElement.lang')) === 'de', 'German');
        expect(frameOf(el).title).to.equal('Sicheres Zahlungsformular');
      } finally {
        document.documentElement.lang = 'en';
      }
    });
  });

  describe('custom-elements.json', () => {
    it('lists exactly the public attributes, events, methods and CSS custom properties', async () => {
      interface Named { name: string; description?: string }
      const manifest = (await (await fetch('/widget/custom-elements.json')).json()) as { modules: Array<{ declarations?: Array<Record<string, Named[] | string>> }> };
      const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'cim-checkout')!;
      const names = (key: string) => (element[key] as Named[]).map((x) => x.name);
      expect(names('attributes')).to.deep.equal(['session', 'server', 'locale', 'hide-button', 'layout']);
      expect(names('events')).to.deep.equal(['cim-ready', 'cim-change', 'cim-token', 'cim-session-expiring', 'cim-session-expired', 'cim-submit', 'cim-error']);
      expect(names('members')).to.deep.equal(['session', 'server', 'locale', 'hideButton', 'layout', 'submit', 'declined']);
      expect(names('cssProperties')).to.include.members(['--cim-color-primary', '--cim-color-text', '--cim-color-background', '--cim-color-danger', '--cim-font-family', '--cim-font-size', '--cim-radius', '--cim-spacing']);
      for (const key of ['attributes', 'events', 'members', 'cssProperties']) for (const x of element[key] as Named[]) expect(x.description, `${key} ${x.name}`).to.be.a('string').and.not.empty;
    });
  });
});
