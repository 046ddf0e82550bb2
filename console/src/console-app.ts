import type { ConsoleSessionView } from '@cim/shared';
import { html, nothing } from 'lit';
import { ApiError, ConsoleApi } from './api.ts';
import { can, type PageContext } from './context.ts';
import { LightElement } from './light-element.ts';
import { href, parseRoute, type Route } from './router.ts';

const TITLES: Record<Route['page'], string> = { customers: 'Customers', customer: 'Customer', audit: 'Audit log', expiring: 'Cards expiring next month', settings: 'Origins and keys', webhooks: 'Webhooks', staff: 'Staff', password: 'Change password' };

/** The whole console: the sign-in form, or the signed-in shell (header, navigation, one page). */
export class CimConsole extends LightElement {
  readonly #api = new ConsoleApi();
  #session: ConsoleSessionView | null = null;
  #loading = true;
  #route: Route = parseRoute(location.hash);
  #message: { text: string; tone: 'info' | 'error' } | null = null;
  #onHash = () => {
    this.#route = parseRoute(location.hash);
    this.#message = null;
    this.requestUpdate();
    // A new page: move focus to its heading so keyboard and screen-reader users start there.
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('main h1')?.focus());
  };

  override connectedCallback() {
    super.connectedCallback();
    addEventListener('hashchange', this.#onHash);
    this.#api.onSignedOut = () => {
      this.#session = null;
      this.requestUpdate();
    };
    void this.#loadSession();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.#onHash);
  }

  async #loadSession() {
    try {
      this.#session = await this.#api.call<ConsoleSessionView>('GET', '/session');
      this.#api.csrfToken = this.#session.csrfToken;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) this.#message = { text: (error as Error).message, tone: 'error' };
      this.#session = null;
    }
    this.#loading = false;
    this.requestUpdate();
  }

  readonly #context = (): PageContext => ({
    api: this.#api,
    session: this.#session!,
    announce: (text, tone = 'info') => {
      this.#message = { text, tone };
      this.requestUpdate();
    },
  });

  override render() {
    document.title = !this.#session ? 'Sign in · CIM console' : this.#session.mustChangePassword ? 'Choose your password · CIM console' : `${TITLES[this.#route.page]} · CIM console`;
    if (this.#loading) return html`<main id="main"><p>Loading…</p></main>`;
    if (!this.#session) {
      return html`<main id="main" class="sign-in-main">
        <p class="status ${this.#message?.tone ?? ''}" role="status" aria-live="polite">${this.#message?.text ?? ''}</p>
        <cim-sign-in .api=${this.#api} @signed-in=${this.#signedIn}></cim-sign-in>
      </main>`;
    }
    if (this.#session.mustChangePassword) {
      return html`<main id="main" class="sign-in-main">
        <p class="status ${this.#message?.tone ?? ''}" role="status" aria-live="polite">${this.#message?.text ?? ''}</p>
        <cim-password-form .api=${this.#api} .firstTime=${true} @password-changed=${this.#passwordChanged}></cim-password-form>
        <p><button type="button" class="secondary" @click=${this.#signOut}>Sign out</button></p>
      </main>`;
    }
    const ctx = this.#context();
    const link = (to: string, label: string, active: boolean) => html`<li><a href=${to} aria-current=${active ? 'page' : 'false'}>${label}</a></li>`;
    const page = this.#route.page;
    return html`<a class="skip" href="#main" @click=${this.#skip}>Skip to content</a>
      <header class="top">
        <p class="brand"><span aria-hidden="true">◆</span> CIM console <span class="merchant">${this.#session.merchant.name}</span></p>
        <p class="who">Signed in as <strong>${this.#session.staff.email}</strong> (${this.#session.staff.role})</p>
        <a class="header-link" href=${href.password()}>Change password</a>
        <button type="button" class="secondary" @click=${this.#signOut}>Sign out</button>
      </header>
      <nav aria-label="Console">
        <ul>
          ${link(href.customers(), 'Customers', page === 'customers' || page === 'customer')}
          ${link(href.expiring(), 'Expiring cards', page === 'expiring')}
          ${link(href.audit(), 'Audit log', page === 'audit')}
          ${link(href.webhooks(), 'Webhooks', page === 'webhooks')}
          ${can(ctx, 'admin') ? link(href.settings(), 'Origins and keys', page === 'settings') : nothing}
          ${can(ctx, 'admin') ? link(href.staff(), 'Staff', page === 'staff') : nothing}
        </ul>
      </nav>
      <main id="main" tabindex="-1">
        <p class="status ${this.#message?.tone ?? ''}" role="status" aria-live="polite">${this.#message?.text ?? ''}</p>
        ${this.#page(ctx)}
      </main>`;
  }

  #page(ctx: PageContext) {
    const r = this.#route;
    switch (r.page) {
      case 'customers':
        return html`<cim-customers-page .ctx=${ctx} .q=${r.q}></cim-customers-page>`;
      case 'customer':
        return html`<cim-customer-page .ctx=${ctx} .customerId=${r.id}></cim-customer-page>`;
      case 'audit':
        return html`<cim-audit-page .ctx=${ctx} .query=${r.query}></cim-audit-page>`;
      case 'expiring':
        return html`<cim-expiring-page .ctx=${ctx}></cim-expiring-page>`;
      case 'webhooks':
        return html`<cim-webhooks-page .ctx=${ctx}></cim-webhooks-page>`;
      case 'password':
        return html`<cim-password-form class="in-page" .api=${this.#api} .firstTime=${false} @password-changed=${() => ctx.announce('Your new password is saved. Other browsers were signed out.')}></cim-password-form>`;
      case 'settings':
        return can(ctx, 'admin')
          ? html`<cim-settings-page .ctx=${ctx}></cim-settings-page>`
          : html`<h1 tabindex="-1">Origins and keys</h1><p>Only an admin can change origins and keys.</p>`;
      case 'staff':
        return can(ctx, 'admin') ? html`<cim-staff-page .ctx=${ctx}></cim-staff-page>` : html`<h1 tabindex="-1">Staff</h1><p>Only an admin can manage staff accounts.</p>`;
    }
  }

  #passwordChanged = async () => {
    await this.#loadSession();
    this.#message = { text: 'Your password is saved.', tone: 'info' };
    this.requestUpdate();
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('main h1')?.focus());
  };

  #signedIn = async () => {
    this.#message = null;
    await this.#loadSession();
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('main h1')?.focus());
  };

  #skip = (e: Event) => {
    e.preventDefault();
    this.querySelector<HTMLElement>('main')?.focus();
  };

  #signOut = async () => {
    try {
      await this.#api.call('DELETE', '/session');
    } finally {
      this.#session = null;
      this.#message = { text: 'You have signed out.', tone: 'info' };
      this.requestUpdate();
    }
  };
}
