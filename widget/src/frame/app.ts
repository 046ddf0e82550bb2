import { brandLabel, cvcLengthFor, frameMessage, parseExpiryInput, type HostMessage } from '@cim/shared';
import { html, LitElement, nothing, svg } from 'lit';
import { ApiError, type WidgetApi } from './api.ts';
import type { ConfirmResult, Wallet } from './wallet.ts';
import { addressToRequest, type AddressField } from './address-draft.ts';
import type { Bridge } from './bridge.ts';
import { formatCvcInput, formatExpiryInput, formatNumberInput } from './card-format.ts';
import { draftBrand, draftToRequest, type CardField } from './card-validation.ts';
import { countries, guessCountry, type Country } from './countries.ts';
import { describeError } from './errors.ts';
import { english, loadTranslator, resolveLocale, type Translate } from './i18n/index.ts';
import { changeSummary, currentIssues, initialState, preselect, visibleErrors, type AppState } from './state.ts';
import { applyTheme } from './theme.ts';
import { checkoutView, vaultView } from './views.ts';
import styles from './app.styles.ts';

/** "Pay $14.00" in the shopper's language when the session is bound to an amount, else "Continue". */
function payLabel(s: AppState, t: Translate): string {
  const amount = s.wallet?.session.amount;
  if (!amount) return t('pay');
  const formatted = new Intl.NumberFormat(s.locale, { style: 'currency', currency: amount.currency }).format(Number(amount.value));
  return t('payAmount', { amount: formatted });
}

/** "Save as my default card" starts ticked only when there is no default to replace. */
const defaultTick = (wallet: Wallet) => ({ cardDefault: !wallet.defaults.paymentProfileId });

const CARD_FIELDS = new Set<string>(['name', 'number', 'expiry', 'cvc', 'postal', 'country', 'line1', 'line2', 'city', 'state']);

/**
 * The form inside the iframe. It renders into the frame's document, not a shadow root, so the
 * browser sees one ordinary <form> and autofills name, number, expiry and code together.
 */
export class CimFrameApp extends LitElement {
  api!: WidgetApi;
  bridge!: Bridge;

  #s: AppState = initialState(guessCountry(), 'en');
  #t: Translate = english;
  #countries: Country[] = countries('en');
  #configures = 0;
  #announcement = '';
  #lastChange = '';
  #readySent = false;
  #expiryTimers: Array<ReturnType<typeof setTimeout>> = [];
  #stopListening: (() => void) | null = null;
  #resize = new ResizeObserver(() => this.bridge.post(frameMessage('resize', { height: Math.ceil(this.getBoundingClientRect().height) })));

  /** A read-only view for tests. */
  get state(): Readonly<AppState> {
    return this.#s;
  }

  protected override createRenderRoot() {
    const sheet = styles.styleSheet;
    if (sheet && !document.adoptedStyleSheets.includes(sheet)) document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    this.#stopListening = this.bridge.listen((m) => this.#onHostMessage(m));
    this.#update({ configured: !this.bridge.connected });
    this.bridge.post(frameMessage('hello', {}));
    this.#resize.observe(this);
    void this.#loadWallet();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#stopListening?.();
    this.#resize.disconnect();
    this.#expiryTimers.forEach(clearTimeout);
  }

  override render() {
    const s = this.#s;
    const t = this.#t;
    const issues = currentIssues(s);
    const errors = visibleErrors(s, issues, t);
    const vault = s.wallet?.session.mode === 'vault';
    // Wait for the element's settings: drawing the button first would report a height it then loses.
    const showButton = s.phase === 'ready' && s.configured && !vault && !s.hideButton;
    return html`<form novalidate aria-busy=${s.busy ? 'true' : 'false'} @submit=${this.#onSubmit} @input=${this.#onInput} @focusout=${this.#onBlur} @click=${this.#onClick} @keydown=${this.#onKeydown}>
      ${s.phase === 'loading' ? html`<p class="loading">${t('loading')}</p>` : nothing}
      ${s.phase === 'ready' ? (vault ? vaultView({ s, t, countries: this.#countries, errors }) : checkoutView({ s, t, countries: this.#countries, errors })) : nothing}
      ${s.notice
        ? html`<p class="notice ${s.notice.tone}"><svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">${s.notice.tone === 'error'
            ? svg`<circle cx="8" cy="8" r="7" fill="currentColor"/><path d="M8 4.2v4.6M8 11.2v.6" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>`
            : svg`<circle cx="8" cy="8" r="7" fill="currentColor"/><path d="m4.8 8.2 2.1 2.1 4.3-4.4" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>`}</svg>${s.notice.text}</p>`
        : nothing}
      ${showButton
        ? html`<button type="submit" class="primary pay" ?disabled=${s.busy}>${s.busy ? html`<span class="spinner" aria-hidden="true"></span>${t('processing')}` : payLabel(s, t)}</button>`
        : nothing}
      ${s.phase === 'ready' ? html`<p class="secured"><svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true"><path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2M3.5 7h9v7h-9z" fill="none" stroke="currentColor" stroke-width="1.4"/></svg>${t('secured')}</p>` : nothing}
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.#announcement}</div>
    </form>`;
  }

  protected override updated() {
    if (this.#s.phase !== 'ready') return;
    const t = this.#t;
    const summary = JSON.stringify(changeSummary(this.#s, currentIssues(this.#s), t));
    if (summary !== this.#lastChange) {
      this.#lastChange = summary;
      this.bridge.post(frameMessage('change', JSON.parse(summary)));
    }
    if (this.#s.configured && !this.#readySent) {
      this.#readySent = true;
      this.bridge.post(frameMessage('resize', { height: Math.ceil(this.getBoundingClientRect().height) }));
      this.bridge.post(frameMessage('ready', { mode: this.#s.wallet?.session.mode ?? 'checkout' }));
    }
  }

  #update(patch: Partial<AppState>) {
    this.#s = { ...this.#s, ...patch };
    this.requestUpdate();
  }

  #announce(text: string) {
    // Re-setting the same words would not be announced again, so a repeat gets a trailing no-break space.
    this.#announcement = text === this.#announcement ? `${text}\u00a0` : text;
    this.requestUpdate();
  }

  async #loadWallet() {
    try {
      const wallet = await this.api.wallet();
      this.#update({ wallet, phase: 'ready', ...preselect(wallet, this.#s), ...defaultTick(wallet) });
      this.#watchExpiry(wallet);
    } catch (error) {
      const { code, key } = describeError(error);
      this.#update({ phase: code === 'session_expired' ? 'expired' : 'failed', notice: { tone: 'error', text: this.#t(key) } });
      this.bridge.post(frameMessage('error', { code, message: this.#t(key) }));
    }
  }

  #onHostMessage(message: HostMessage) {
    if (message.kind === 'configure') void this.#configure(message.payload);
    else if (message.kind === 'session') void this.#renew(message.payload.token);
    else if (message.kind === 'declined') void this.#declined();
    else void this.#submit(message.payload.requestId);
  }

  /** Tells the page 60 s ahead and at the end, by CIM's clock; the form itself stays as it is. */
  #watchExpiry(wallet: Wallet) {
    this.#expiryTimers.forEach(clearTimeout);
    const left = wallet.session.expiresInSeconds;
    const warn = () => this.bridge.post(frameMessage('expiring', { seconds: Math.min(60, left) }));
    this.#expiryTimers = [
      left <= 60 ? (warn(), undefined) : setTimeout(warn, (left - 60) * 1000),
      setTimeout(() => this.bridge.post(frameMessage('expired', {})), left * 1000),
    ].filter((t) => t !== undefined);
  }

  /**
   * A new session from the page: the wallet is read again with it and the shopper carries on,
   * with everything typed kept (a half-typed new card stays the choice). One for another page
   * origin is refused and the old one kept: this frame may only ever serve its parent.
   */
  async #renew(token: string) {
    const previous = this.#s.wallet;
    try {
      const api = this.api.withSession(token);
      const wallet = await api.wallet();
      if (previous && wallet.session.origin !== previous.session.origin) throw new ApiError('forbidden', 'A session for another origin.', 403);
      this.api = api;
      // A choice of "new" stays: the shopper may be half way through typing it.
      const { cardChoice, addressChoice } = preselect(wallet, this.#s);
      const s = this.#s;
      // A decline reported meanwhile stays said: the page often renews right after a declined charge.
      const notice = s.notice?.text === this.#t('cardDeclined') ? s.notice : null;
      this.#update({ wallet, phase: 'ready', notice, cardChoice: s.cardChoice === 'new' ? 'new' : cardChoice, addressChoice: s.addressChoice === 'new' ? 'new' : addressChoice });
      this.#watchExpiry(wallet);
    } catch (error) {
      const { code, key } = describeError(error);
      this.bridge.post(frameMessage('error', { code, message: this.#t(key) }));
    }
  }

  async #configure({ locale: tag, hideButton, theme }: Extract<HostMessage, { kind: 'configure' }>['payload']) {
    const attempt = ++this.#configures;
    applyTheme(theme);
    const locale = resolveLocale(tag);
    if (locale !== this.#s.locale) {
      const t = await loadTranslator(locale).catch(() => english);
      if (attempt !== this.#configures) return; // a newer configure overtook this one
      this.#t = t;
      this.#countries = countries(locale);
      document.documentElement.lang = locale;
    }
    this.#update({ locale, hideButton, configured: true });
  }

  #onInput = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const field = input.dataset.field ?? '';
    if (input.type === 'radio') {
      this.#update(input.name === 'card' ? { cardChoice: input.value, notice: null } : { addressChoice: input.value, notice: null });
    } else if (field === 'card-default' || field === 'ship-default') {
      this.#update(field === 'card-default' ? { cardDefault: input.checked } : { addressDefault: input.checked });
    } else if (field.startsWith('ship-')) {
      this.#update({ address: { ...this.#s.address, [field.slice(5) as AddressField]: input.value } });
    } else if (field === 'edit-expiry' && this.#s.editExpiry) {
      this.#update({ editExpiry: { ...this.#s.editExpiry, value: this.#format(input, 'expiry') } });
    } else if (CARD_FIELDS.has(field)) {
      this.#update({ draft: { ...this.#s.draft, [field as CardField]: this.#format(input, field) } });
    }
  };

  /** Reformats number, expiry and code in place, keeping the caret where the shopper was typing. */
  #format(input: HTMLInputElement, field: string): string {
    const caret = input.selectionStart ?? input.value.length;
    const formatted =
      field === 'number' ? formatNumberInput(input.value, caret)
      : field === 'expiry' ? formatExpiryInput(input.value, caret)
      : field === 'cvc' ? formatCvcInput(input.value, cvcLengthFor(draftBrand(this.#s.draft)))
      : null;
    if (!formatted) return input.value;
    if (input.value !== formatted.value) {
      input.value = formatted.value;
      if (document.activeElement === input) input.setSelectionRange(formatted.caret, formatted.caret);
    }
    if (field === 'number') {
      // A brand change can shorten the code (Amex 4 → Visa 3).
      const cvc = this.#s.draft.cvc.slice(0, cvcLengthFor(draftBrand({ ...this.#s.draft, number: formatted.value })));
      if (cvc !== this.#s.draft.cvc) this.#update({ draft: { ...this.#s.draft, cvc } });
    }
    return formatted.value;
  }

  #onBlur = (event: FocusEvent) => {
    const field = (event.target as HTMLElement).dataset.field;
    if (!field || this.#s.touched.has(field) || !(event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement)) return;
    // Leaving an untouched empty field (tabbing through) is not yet a mistake.
    if (!(event.target as HTMLInputElement).value) return;
    this.#update({ touched: new Set([...this.#s.touched, field]) });
    const issues = currentIssues(this.#s);
    const name = field.startsWith('ship-') ? field.slice(5) : field;
    const issue = (field.startsWith('ship-') ? issues.address : issues.card)[name as CardField & AddressField];
    if (issue) this.#announce(this.#t(issue.key));
  };

  #onClick = (event: MouseEvent) => {
    const button = (event.target as HTMLElement).closest('button');
    if (!button) return;
    const action = button.dataset.action;
    if (action === 'add-card' || action === 'add-address') {
      this.#update({ vaultForm: action === 'add-card' ? 'card' : 'address', submitted: false, touched: new Set(), notice: null });
      void this.updateComplete.then(() => this.querySelector<HTMLInputElement>('.reveal input')?.focus());
    } else if (action === 'cancel') {
      this.#update({ vaultForm: null, submitted: false, notice: null });
    } else if (button.dataset.remove) {
      // Ask first, in place; the safe answer takes the focus so a second Enter keeps the card.
      this.#update({ confirmRemove: { kind: button.dataset.kind === 'card' ? 'card' : 'address', id: button.dataset.remove } });
      void this.updateComplete.then(() => this.querySelector<HTMLElement>('.confirm [data-action="keep"]')?.focus());
    } else if (action === 'confirm-remove' && this.#s.confirmRemove) {
      const { kind, id } = this.#s.confirmRemove;
      this.#update({ confirmRemove: null });
      void this.#remove(kind, id);
    } else if (action === 'keep') {
      this.#keep();
    } else if (action === 'make-default' && button.dataset.id) {
      void this.#updateCard(button.dataset.id, { isDefault: true });
    } else if (action === 'edit-expiry' && button.dataset.id) {
      this.#update({ editExpiry: { id: button.dataset.id, value: '' }, notice: null });
      void this.updateComplete.then(() => this.querySelector<HTMLInputElement>('#edit-expiry')?.focus());
    } else if (action === 'cancel-expiry') {
      this.#update({ editExpiry: null, notice: null });
    }
  };

  #onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.#s.confirmRemove) {
      event.preventDefault();
      this.#keep();
    } else if (event.key === 'Enter' && this.#s.hideButton && !event.isComposing && event.target instanceof HTMLInputElement && event.target.type !== 'checkbox') {
      // Without its button the form has nothing to submit with: the page's button is the one, so
      // the page is asked (cim-submit) and decides; nothing is saved until it calls submit().
      event.preventDefault();
      this.bridge.post(frameMessage('submit', {}));
    }
  };

  /** Closes the removal question without removing, focus back on the entry's remove button. */
  #keep() {
    const id = this.#s.confirmRemove?.id ?? '';
    this.#update({ confirmRemove: null });
    void this.updateComplete.then(() => this.querySelector<HTMLElement>(`[data-remove="${CSS.escape(id)}"]`)?.focus());
  }

  #onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.#submit();
  };

  /** Validates, then saves what is new and (in checkout) confirms. `requestId` answers an element's `submit()`. */
  async #submit(requestId?: string) {
    const s = this.#s;
    const t = this.#t;
    const reply = requestId === undefined ? {} : { requestId };
    if (s.phase !== 'ready' || s.busy) {
      this.bridge.post(frameMessage('error', { ...reply, code: s.phase === 'expired' ? 'session_expired' : 'invalid_request', message: t(s.phase === 'expired' ? 'sessionExpired' : 'genericError') }));
      return;
    }
    const vault = s.wallet?.session.mode === 'vault';
    if (vault && s.editExpiry) {
      const expiry = parseExpiryInput(s.editExpiry.value);
      if (!expiry) {
        this.#update({ notice: { tone: 'error', text: t('expiryIncomplete') } });
        this.#announce(t('expiryIncomplete'));
        return;
      }
      await this.#updateCard(s.editExpiry.id, { expMonth: expiry.month, expYear: expiry.year });
      return;
    }
    if (vault && !s.vaultForm) {
      this.bridge.post(frameMessage('error', { ...reply, code: 'forbidden', message: t('vaultNoToken') }));
      return;
    }
    const issues = currentIssues(s);
    const problems = [...Object.values(issues.card), ...Object.values(issues.address)];
    if (problems.length > 0) {
      this.#update({ submitted: true });
      await this.updateComplete;
      this.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      this.#announce(t('fixFields', { n: problems.length }));
      this.bridge.post(frameMessage('error', { ...reply, code: problems[0]?.code ?? 'invalid_request', message: t(problems[0]?.key ?? 'genericError') }));
      return;
    }
    this.#update({ busy: true, notice: null });
    try {
      if (vault) await this.#saveInVault();
      else await this.#confirm(reply);
    } catch (error) {
      const { code, key } = describeError(error);
      // An expired session keeps the form as typed: the page renews it and the shopper pays again.
      this.#update({ notice: { tone: 'error', text: t(key) } });
      this.#announce(t(key));
      this.bridge.post(frameMessage('error', { ...reply, code, message: t(key) }));
    } finally {
      this.#update({ busy: false });
    }
  }

  async #confirm(reply: { requestId?: string }) {
    const s = this.#s;
    let shippingAddressId: string | undefined;
    if (s.wallet?.session.collectShipping) {
      shippingAddressId = s.addressChoice;
      if (shippingAddressId === 'new') {
        // Saved before the card, so the card's save can name it and answer the token in one go.
        // Listed and selected at once: if the card's save then fails, a retry reuses it.
        const saved = await this.api.addAddress(addressToRequest(s.address, s.addressDefault));
        const wallet = this.#s.wallet!;
        shippingAddressId = saved.id;
        this.#update({ addressChoice: saved.id, wallet: { ...wallet, shippingAddresses: [...wallet.shippingAddresses.filter((a) => a.id !== saved.id), saved] } });
      }
    }
    const shipping = shippingAddressId ? { shippingAddressId } : {};
    let result: ConfirmResult;
    if (s.cardChoice === 'new') {
      // A new card is saved and confirmed in one request: one round trip when the shopper clicks Pay.
      const saved = await this.api.addCardAndConfirm({ ...draftToRequest(s.draft, s.cardDefault, s.wallet?.session.billingAddress === 'full'), confirm: true, ...shipping });
      // Saved: forget the number and code at once (a later Pay confirms the saved card by its id);
      // the rest stays for a retry if the page reports a decline.
      this.#update({ cardChoice: saved.paymentProfile.id, draft: { ...this.#s.draft, number: '', cvc: '' }, touched: new Set(), submitted: false });
      result = saved;
    } else {
      result = await this.api.confirm({ paymentProfileId: s.cardChoice, ...shipping });
    }
    this.bridge.post(frameMessage('token', { ...reply, token: result.token, card: result.card }));
    const text = this.#t('confirmed', { card: this.#t('endingIn', { brand: brandLabel(result.card.brand), last4: result.card.last4 }) });
    this.#update({ notice: { tone: 'success', text } });
    this.#announce(text);
    await this.#reload();
  }

  /**
   * The page's charge was declined: the server has dropped a card typed for it, so the wallet is
   * read again and the new-card form offered, number and code empty, name, expiry and address kept.
   */
  async #declined() {
    const text = this.#t('cardDeclined');
    try {
      await this.#reload();
    } catch {
      // The wallet as it was is still right for everything but the declined card, which is not selected.
    }
    this.#update({ cardChoice: 'new', draft: { ...this.#s.draft, number: '', cvc: '' }, touched: new Set(), submitted: false, notice: { tone: 'error', text } });
    this.#announce(text);
    await this.updateComplete;
    this.querySelector<HTMLInputElement>('input[data-field="number"]')?.focus();
  }

  async #saveInVault() {
    const s = this.#s;
    if (s.vaultForm === 'card') await this.api.addCard(draftToRequest(s.draft, s.cardDefault, s.wallet?.session.billingAddress === 'full'));
    else await this.api.addAddress(addressToRequest(s.address, s.addressDefault));
    const text = this.#t(s.vaultForm === 'card' ? 'cardSaved' : 'addressSaved');
    this.#update({ vaultForm: null, submitted: false, touched: new Set(), draft: initialState(s.draft.country, s.locale).draft, notice: { tone: 'success', text } });
    this.#announce(text);
    await this.#reload();
    this.#update(defaultTick(this.#s.wallet!));
  }

  /** Vault mode: make default or a new expiry; a refusal (a past date, the bank's) is shown in place. */
  async #updateCard(id: string, patch: { isDefault?: true; expMonth?: number; expYear?: number }) {
    this.#update({ busy: true, notice: null });
    try {
      await this.api.updateCard(id, patch);
      const text = this.#t('cardUpdated');
      this.#update({ editExpiry: null, notice: { tone: 'success', text } });
      this.#announce(text);
      await this.#reload();
    } catch (error) {
      const { key } = describeError(error);
      this.#update({ notice: { tone: 'error', text: this.#t(key) } });
      this.#announce(this.#t(key));
    } finally {
      this.#update({ busy: false });
    }
  }

  async #remove(kind: 'card' | 'address', id: string) {
    const item = this.querySelector<HTMLElement>(`[data-remove="${CSS.escape(id)}"]`)?.dataset.item ?? '';
    try {
      await (kind === 'card' ? this.api.removeCard(id) : this.api.removeAddress(id));
      this.#announce(this.#t('removed', { item }));
      await this.#reload();
      // The focused row is gone: land on what is left of the same list.
      await this.updateComplete;
      this.querySelector<HTMLElement>(`.remove[data-kind="${kind}"], input[name="${kind}"]:not(:disabled), [data-action="add-${kind}"]`)?.focus();
    } catch (error) {
      const { key } = describeError(error);
      this.#update({ notice: { tone: 'error', text: this.#t(key) } });
      this.#announce(this.#t(key));
    }
  }

  async #reload() {
    const wallet = await this.api.wallet();
    this.#update({ wallet, ...preselect(wallet, this.#s) });
  }
}
