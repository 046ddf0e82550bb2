import { hostMessage, parseFormLayout, THEME_PROPERTIES, type FrameMessage, type HostMessage, type Theme } from '@cim/shared';
import styles from './cim-checkout.styles.ts';
import { skeleton } from './skeleton.ts';
import { decodeFrameMessage } from './protocol/decode-frame-message.ts';
import { CimChangeEvent } from './events/cim-change.ts';
import { CimCheckoutError, CimErrorEvent } from './events/cim-error.ts';
import { CimReadyEvent } from './events/cim-ready.ts';
import { CimSessionExpiredEvent } from './events/cim-session-expired.ts';
import { CimSessionExpiringEvent } from './events/cim-session-expiring.ts';
import { CimSubmitEvent } from './events/cim-submit.ts';
import { CimTokenEvent } from './events/cim-token.ts';

/**
 * The loader's own words: the frame's title and the errors raised here, not by the frame.
 * Merchants show `cim-error` messages to shoppers, so these follow `locale` like the frame's do.
 * A small table on purpose: this script has a 6 KB budget and cannot load the frame's language packs.
 */
type Text = 'title' | 'frame_blocked' | 'network_error' | 'not_ready' | 'reloaded';
const TEXT: Record<string, Record<Text, string>> = {
  en: {
    title: 'Secure payment form',
    frame_blocked: 'The browser refused to show the payment form.',
    network_error: 'The payment form could not be loaded.',
    not_ready: 'The payment form has not loaded yet.',
    reloaded: 'The payment form was reloaded.',
  },
  fr: {
    title: 'Formulaire de paiement sécurisé',
    frame_blocked: 'Le navigateur a refusé d’afficher le formulaire de paiement.',
    network_error: 'Le formulaire de paiement n’a pas pu être chargé.',
    not_ready: 'Le formulaire de paiement n’est pas encore chargé.',
    reloaded: 'Le formulaire de paiement a été rechargé.',
  },
  de: {
    title: 'Sicheres Zahlungsformular',
    frame_blocked: 'Der Browser hat die Anzeige des Zahlungsformulars verweigert.',
    network_error: 'Das Zahlungsformular konnte nicht geladen werden.',
    not_ready: 'Das Zahlungsformular ist noch nicht geladen.',
    reloaded: 'Das Zahlungsformular wurde neu geladen.',
  },
  es: {
    title: 'Formulario de pago seguro',
    frame_blocked: 'El navegador se negó a mostrar el formulario de pago.',
    network_error: 'No se pudo cargar el formulario de pago.',
    not_ready: 'El formulario de pago aún no se ha cargado.',
    reloaded: 'El formulario de pago se ha vuelto a cargar.',
  },
};

/** A frame that never even finishes loading was lost to the network. */
const LOAD_TIMEOUT_MS = 15_000;

/**
 * The form says hello while its document loads, before the iframe's `load` event. A `load` with
 * no hello soon after means the frame holds the browser's error page instead: refused by CIM's
 * frame-ancestors (unknown session, another origin's session), by this page's CSP, or unreachable.
 * The grace only covers the hello message and the load event racing each other.
 */
const HELLO_AFTER_LOAD_MS = 1_000;

/**
 * Where this script was loaded from. Kept in a variable on purpose: Vite rewrites the literal
 * pattern `new URL('..', import.meta.url)` into an inlined asset, which broke the default server.
 */
const SCRIPT_URL = import.meta.url;

/** The shape of a session token (server/src/domain/sessions.ts); anything else reloads the frame, which then says what is wrong. */
const SESSION_TOKEN = /^cs_[A-Za-z0-9_-]{43}$/;

/** Shared by every <cim-checkout> on the page; made on first use. */
let sheet: CSSStyleSheet | undefined;

/**
 * A checkout form for saved and new cards. The form itself lives in an iframe on the CIM server,
 * so card numbers and codes are typed into CIM's origin and never reach this page.
 *
 * A hand-written custom element rather than Lit: it is the one script every shop page loads,
 * with a 6 KB budget, and it renders nothing but an iframe.
 *
 * @summary Embeddable CIM checkout: pick a saved card or add one, get a result token.
 * @tag cim-checkout
 *
 * @attr session - The session token (`cs_…`) your server got from `POST /v1/sessions`. A new one on a loaded form renews it in place, keeping what the shopper typed.
 * @attr server - The CIM server's URL; defaults to the origin this script was loaded from.
 * @attr locale - `en`, `fr`, `de` or `es` (a region such as `fr-CA` is fine); defaults to the page's language.
 * @attr hide-button - Hide the form's own button; call `submit()` from your pay button instead.
 * @attr layout - The session's `layout` from `POST /v1/sessions`: the loading skeleton then draws the rows the form will show, so the page does not jump. Without it, a new shopper's checkout is assumed.
 *
 * @fires {CimReadyEvent} cim-ready - The form is shown and ready; `detail.mode` is `checkout` or `vault`.
 * @fires {CimChangeEvent} cim-change - `{complete, empty, brand?, errors}`; never card digits.
 * @fires {CimTokenEvent} cim-token - `{token, card: {brand, last4, expMonth, expYear}}` after the shopper confirms.
 * @fires {CimSessionExpiringEvent} cim-session-expiring - `{seconds}`: the session ends in 60 s; set a new `session` to carry on.
 * @fires {CimSessionExpiredEvent} cim-session-expired - The session has ended; the form keeps what was typed until a new `session` is set.
 * @fires {CimSubmitEvent} cim-submit - With `hide-button`, the shopper pressed Enter in a field: call `submit()` if your page agrees.
 * @fires {CimErrorEvent} cim-error - `{code, message}`: `session_expired`, `frame_blocked`, `network_error`, `rate_limited`, validation codes…
 *
 * @cssprop --cim-color-primary - Buttons, focus rings and the selected card.
 * @cssprop --cim-color-text - Text and, mixed with the background, borders.
 * @cssprop --cim-color-background - Field and card backgrounds.
 * @cssprop --cim-color-danger - Error messages and invalid fields.
 * @cssprop --cim-font-family - A font the frame can reach: system or generic families.
 * @cssprop --cim-font-size - Base size, e.g. `15px`.
 * @cssprop --cim-radius - Corner radius of fields and buttons.
 * @cssprop --cim-spacing - Space between fields.
 *
 * @csspart frame - The iframe.
 * @csspart skeleton - The placeholder shown while the frame loads.
 * @csspart failure - The message shown instead when the form cannot be shown (`frame_blocked`, `network_error`).
 */
export class CimCheckout extends HTMLElement {
  static observedAttributes = ['session', 'server', 'locale', 'hide-button', 'layout'];

  /** The session token from `POST /v1/sessions`. */
  get session(): string {
    return this.getAttribute('session') ?? '';
  }
  set session(value: string) {
    this.setAttribute('session', value);
  }

  /** The CIM server's URL; defaults to the origin of the script that defined the element. */
  get server(): string {
    return this.getAttribute('server') ?? new URL('..', SCRIPT_URL).href;
  }
  set server(value: string) {
    this.setAttribute('server', value);
  }

  /** The form's language. */
  get locale(): string {
    return this.getAttribute('locale') ?? '';
  }
  set locale(value: string) {
    this.setAttribute('locale', value);
  }

  /** Hide the frame's own button. */
  get hideButton(): boolean {
    return this.hasAttribute('hide-button');
  }
  set hideButton(value: boolean) {
    this.toggleAttribute('hide-button', value);
  }

  /** The session's `layout` hint, for the loading skeleton. */
  get layout(): string {
    return this.getAttribute('layout') ?? '';
  }
  set layout(value: string) {
    this.setAttribute('layout', value);
  }

  #wrap: HTMLDivElement;
  #skeleton: HTMLDivElement;
  #failure: HTMLParagraphElement;
  #frame: HTMLIFrameElement | null = null;
  #frameOrigin = '';
  #connected = false;
  #greeted = false;
  #ready = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #requests = 0;
  // A theme change through the element's own `style` or `class` reaches the frame. Watched here
  // rather than as observed attributes, which would list them as the element's API.
  #themeWatch = new MutationObserver(() => this.#configure());
  #pending = new Map<string, { resolve: (token: string) => void; reject: (error: CimCheckoutError) => void }>();

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    // A constructed stylesheet, not a <style> element: a shop's CSP need not allow inline styles.
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(styles);
    }
    root.adoptedStyleSheets = [sheet];
    root.innerHTML = `<div class="wrap"><div class="skeleton" part="skeleton" aria-hidden="true"></div><p class="failure" part="failure" role="alert"></p></div>`;
    this.#wrap = root.querySelector('.wrap')!;
    this.#skeleton = root.querySelector('.skeleton')!;
    this.#failure = root.querySelector('.failure')!;
  }

  connectedCallback() {
    this.#connected = true;
    this.#drawSkeleton();
    window.addEventListener('message', this.#onMessage);
    this.#themeWatch.observe(this, { attributes: true, attributeFilter: ['style', 'class'] });
    this.#load();
  }

  disconnectedCallback() {
    this.#connected = false;
    this.#themeWatch.disconnect();
    window.removeEventListener('message', this.#onMessage);
    this.#unload();
  }

  attributeChangedCallback(name: string, oldValue: string | null, value: string | null) {
    // On upgrade the callbacks run for every attribute before connectedCallback: let that one load.
    if (!this.#connected || oldValue === value) return;
    if (name === 'layout' || name === 'hide-button') this.#drawSkeleton();
    if (name === 'layout') return;
    if (name === 'session' && value && this.#greeted && !this.#wrap.classList.contains('failed') && SESSION_TOKEN.test(value)) this.#renew(value);
    else if (name === 'session' || name === 'server') this.#load();
    else this.#configure();
  }

  /**
   * Validates, saves and confirms exactly as the form's own button does, for pages with their
   * own pay button. Resolves to the result token (a `cim-token` event fires too); rejects with a
   * `CimCheckoutError` whose `code` says why (a `cim-error` event fires too).
   */
  submit(): Promise<string> {
    if (!this.#ready) {
      const detail = { code: 'not_ready', message: this.#text('not_ready') };
      this.dispatchEvent(new CimErrorEvent(detail));
      return Promise.reject(new CimCheckoutError(detail));
    }
    const requestId = String(++this.#requests);
    return new Promise((resolve, reject) => {
      this.#pending.set(requestId, { resolve, reject });
      this.#post(hostMessage('submit', { requestId }));
    });
  }

  /**
   * Tells the form that your charge with its last token was declined: it shows the new-card form
   * again, number and security code cleared, the rest as typed, with a "declined" message in the
   * form's language. CIM has already deleted a card typed for that charge (docs/widget.md).
   */
  declined(): void {
    this.#post(hostMessage('declined', {}));
  }

  /** The rows the frame will show first, so the form takes their place without moving the page. */
  #drawSkeleton() {
    this.#skeleton.innerHTML = skeleton(parseFormLayout(this.layout), this.hideButton);
  }

  /** The loaded frame carries on under the new session, keeping what the shopper typed. */
  #renew(token: string) {
    this.#post(hostMessage('session', { token }));
  }

  #load() {
    this.#unload();
    if (!this.session) return;
    const base = new URL(this.server, location.href);
    const src = new URL('widget/frame', base.href.endsWith('/') ? base : `${base.href}/`);
    src.searchParams.set('session', this.session);
    this.#frameOrigin = base.origin;
    const frame = document.createElement('iframe');
    frame.title = this.#text('title');
    frame.setAttribute('part', 'frame');
    // Scripts and its own origin (for the API) only: no popups, no top navigation.
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms');
    frame.src = src.href;
    frame.addEventListener('load', () => {
      if (this.#frame !== frame || this.#greeted) return;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#fail('frame_blocked'), HELLO_AFTER_LOAD_MS);
    });
    this.#frame = frame;
    this.#wrap.append(frame);
    this.#timer = setTimeout(() => this.#fail('network_error'), LOAD_TIMEOUT_MS);
  }

  #unload() {
    clearTimeout(this.#timer);
    this.#frame?.remove();
    this.#frame = null;
    this.#greeted = false;
    this.#ready = false;
    this.#wrap.classList.remove('ready', 'failed');
    this.#failure.textContent = '';
    for (const { reject } of this.#pending.values()) reject(new CimCheckoutError({ code: 'not_ready', message: this.#text('reloaded') }));
    this.#pending.clear();
  }

  #locale(): string {
    return this.locale || document.documentElement.lang || navigator.language;
  }

  /** Reads the theme off this element, so page CSS (`cim-checkout { --cim-radius: 0 }`) themes the frame. */
  #theme(): Theme {
    const computed = getComputedStyle(this);
    const theme: Theme = {};
    for (const property of THEME_PROPERTIES) {
      const value = computed.getPropertyValue(property).trim();
      if (value) theme[property] = value;
    }
    return theme;
  }

  /** In the form's language, looked up when needed so a `locale` change applies to later errors too. */
  #text(key: Text): string {
    return (TEXT[this.#locale().slice(0, 2).toLowerCase()] ?? TEXT.en!)[key];
  }

  #configure() {
    if (!this.#frame) return;
    this.#frame.title = this.#text('title');
    this.#post(hostMessage('configure', { locale: this.#locale(), hideButton: this.hideButton, theme: this.#theme() }));
  }

  #post(message: HostMessage) {
    // Always the frame's exact origin: if the frame was navigated elsewhere, the browser drops it.
    this.#frame?.contentWindow?.postMessage(message, this.#frameOrigin);
  }

  #onMessage = (event: MessageEvent) => {
    if (!this.#frame || event.origin !== this.#frameOrigin || event.source !== this.#frame.contentWindow) return;
    const message = decodeFrameMessage(event.data);
    if (message) this.#handle(message);
  };

  #handle(message: FrameMessage) {
    switch (message.kind) {
      case 'hello':
        this.#greeted = true;
        // A frame slower than the load timeout still gets its place back.
        this.#wrap.classList.remove('failed');
        clearTimeout(this.#timer);
        this.#configure();
        break;
      case 'ready':
        this.#ready = true;
        this.#wrap.classList.add('ready');
        this.dispatchEvent(new CimReadyEvent(message.payload));
        break;
      case 'resize':
        if (this.#frame) this.#frame.style.height = `${message.payload.height}px`;
        break;
      case 'change':
        this.dispatchEvent(new CimChangeEvent(message.payload));
        break;
      case 'submit':
        this.dispatchEvent(new CimSubmitEvent());
        break;
      case 'expiring':
        this.dispatchEvent(new CimSessionExpiringEvent(message.payload));
        break;
      case 'expired':
        this.dispatchEvent(new CimSessionExpiredEvent());
        break;
      case 'token': {
        const { requestId, ...detail } = message.payload;
        this.#settle(requestId)?.resolve(detail.token);
        this.dispatchEvent(new CimTokenEvent(detail));
        break;
      }
      case 'error': {
        const { requestId, ...detail } = message.payload;
        this.#settle(requestId)?.reject(new CimCheckoutError(detail));
        // Before `ready` (an expired session), show the frame so its explanation is visible.
        this.#wrap.classList.add('ready');
        this.dispatchEvent(new CimErrorEvent(detail));
        break;
      }
    }
  }

  #settle(requestId: string | undefined) {
    const pending = requestId === undefined ? undefined : this.#pending.get(requestId);
    if (requestId !== undefined) this.#pending.delete(requestId);
    return pending;
  }

  /** The skeleton gives way to the reason, in the form's language, so the shopper is not left waiting. */
  #fail(code: 'frame_blocked' | 'network_error') {
    this.#failure.textContent = this.#text(code);
    this.#wrap.classList.add('failed');
    this.dispatchEvent(new CimErrorEvent({ code, message: this.#text(code) }));
  }
}
