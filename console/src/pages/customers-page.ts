import type { CustomerView } from '@cim/shared';
import { html, nothing, type PropertyValues } from 'lit';
import { when } from '../format.ts';
import { ConsolePage } from '../page.ts';
import { href } from '../router.ts';

/** Search by customer profile id, merchantCustomerId or email. The query lives in the URL. */
export class CustomersPage extends ConsolePage {
  static override properties = { ...ConsolePage.properties, q: { attribute: false } };
  declare q: string;
  #results: CustomerView[] | null = null;

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('q')) void this.#search();
  }

  async #search() {
    this.#results = null;
    const q = this.q;
    if (!q) return this.requestUpdate();
    const found = await this.attempt(() => this.ctx.api.get<{ data: CustomerView[] }>('/customers', { q }));
    // Answers can arrive out of order: one for a query the page has since left must not replace the current one's.
    if (q !== this.q) return;
    this.#results = found?.data ?? [];
    this.ctx.announce(`${this.#results.length} customer${this.#results.length === 1 ? '' : 's'} found.`);
  }

  override render() {
    return html`<h1 tabindex="-1">Customers</h1>
      <form role="search" class="search" @submit=${this.#submit}>
        <label for="customer-q">Customer profile id, merchant customer id or email</label>
        <div class="row">
          <input id="customer-q" name="q" type="search" .value=${this.q} required autocomplete="off" spellcheck="false" />
          <button type="submit" class="primary">Search</button>
        </div>
      </form>
      ${this.#results === null ? nothing : this.#results.length === 0
        ? html`<p>No customer matches “${this.q}”.</p>`
        : html`<table>
            <caption>Customers matching “${this.q}”</caption>
            <thead><tr><th scope="col">Profile id</th><th scope="col">Merchant customer id</th><th scope="col">Email</th><th scope="col">Created</th></tr></thead>
            <tbody>${this.#results.map((c) => html`<tr>
              <th scope="row"><a href=${href.customer(c.id)}>${c.id}</a></th>
              <td>${c.merchantCustomerId ?? '—'}</td><td>${c.email ?? '—'}</td><td>${when(c.createdAt)}</td></tr>`)}</tbody>
          </table>`}`;
  }

  #submit = (e: SubmitEvent) => {
    e.preventDefault();
    const q = String(new FormData(e.currentTarget as HTMLFormElement).get('q') ?? '').trim();
    if (q === this.q) void this.#search();
    else location.hash = href.customers(q);
  };
}
