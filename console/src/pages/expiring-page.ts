import type { Page, PaymentProfileView } from '@cim/shared';
import { html, nothing } from 'lit';
import { paymentLabel } from '../format.ts';
import { ConsolePage } from '../page.ts';
import { href } from '../router.ts';

type Expiring = Page<PaymentProfileView> & { month: { year: number; month: number } };

const monthName = (m: { year: number; month: number }) => new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(m.year, m.month - 1, 1)));

/** Cards that stop working at the end of next month: who to ask for a new card. */
export class ExpiringPage extends ConsolePage {
  #page: Expiring | null = null;

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load(cursor?: string) {
    const page = await this.attempt(() => this.ctx.api.get<Expiring>('/expiring-cards', { cursor }));
    if (page) this.#page = cursor && this.#page ? { ...page, data: [...this.#page.data, ...page.data] } : page;
    this.requestUpdate();
  }

  override render() {
    const p = this.#page;
    return html`<h1 tabindex="-1">Cards expiring next month${p ? html` (${monthName(p.month)})` : nothing}</h1>
      ${!p ? html`<p>Loading…</p>` : p.data.length === 0 ? html`<p>No stored card expires then.</p>` : html`<table>
        <thead><tr><th scope="col">Card</th><th scope="col">Expires</th><th scope="col">Customer</th><th scope="col">Cardholder</th></tr></thead>
        <tbody>${p.data.map((c) => {
          const label = paymentLabel(c);
          return html`<tr><th scope="row"><span aria-hidden="true">${label.text}</span><span class="sr-only">${label.spoken}</span></th>
            <td>${String(c.card?.expMonth ?? '').padStart(2, '0')}/${c.card?.expYear}</td>
            <td><a href=${href.customer(c.customerId)}>${c.customerId}</a></td>
            <td>${[c.billTo.firstName, c.billTo.lastName].filter(Boolean).join(' ')}</td></tr>`;
        })}</tbody>
      </table>`}
      ${p?.nextCursor ? html`<button type="button" class="secondary" @click=${() => this.#load(p.nextCursor!)}>Show more</button>` : nothing}`;
  }
}
