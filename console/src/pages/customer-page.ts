import type { CustomerView, Page, PaymentProfileView, TransactionView } from '@cim/shared';
import { html, nothing, type PropertyValues } from 'lit';
import { can } from '../context.ts';
import { allowedActions, money, paymentLabel, transactionMethod, transactionState, transactionType, when } from '../format.ts';
import { ConsolePage } from '../page.ts';

type Action = 'capture' | 'void' | 'refund';
const VERB: Record<Action, string> = { capture: 'Capture', void: 'Void', refund: 'Refund' };
/** The action form open under the table, with the Idempotency-Key of this one attempt. */
type PendingAction = { action: Action; t: TransactionView; key: string; busy: boolean };
type ActionAnswer = TransactionView & { action?: { status: string; reasonText: string } };

/** One customer: profile, masked cards and bank accounts, shipping addresses, transactions and their actions. */
export class CustomerPage extends ConsolePage {
  static override properties = { ...ConsolePage.properties, customerId: { attribute: false } };
  declare customerId: string;
  #customer: CustomerView | null = null;
  #transactions: Page<TransactionView> | null = null;
  #missing = false;
  #pending: PendingAction | null = null;

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('customerId')) void this.#load();
  }

  async #load() {
    const id = this.customerId;
    try {
      const found = await this.ctx.api.get<{ customer: CustomerView; transactions: Page<TransactionView> }>(`/customers/${encodeURIComponent(id)}`);
      // Answers can arrive out of order (back and forward between customers): an earlier customer's is dropped.
      if (id !== this.customerId) return;
      this.#customer = found.customer;
      this.#transactions = found.transactions;
      this.#missing = false;
    } catch (error) {
      if (id !== this.customerId) return;
      this.#missing = true;
      this.ctx.announce((error as Error).message, 'error');
    }
    this.requestUpdate();
  }

  override render() {
    if (this.#missing) return html`<h1 tabindex="-1">Customer ${this.customerId}</h1><p>No such customer profile.</p>`;
    const c = this.#customer;
    if (!c) return html`<h1 tabindex="-1">Customer ${this.customerId}</h1><p>Loading…</p>`;
    return html`<h1 tabindex="-1">Customer ${c.id}</h1>
      <dl class="facts">
        <dt>Merchant customer id</dt><dd>${c.merchantCustomerId ?? '—'}</dd>
        <dt>Email</dt><dd>${c.email ?? '—'}</dd>
        <dt>Description</dt><dd>${c.description ?? '—'}</dd>
        <dt>Created</dt><dd>${when(c.createdAt)}</dd>
      </dl>
      <section aria-labelledby="methods-title">
        <h2 id="methods-title">Cards and bank accounts</h2>
        ${(c.paymentProfiles ?? []).length === 0 ? html`<p>None stored.</p>` : html`<table>
          <thead><tr><th scope="col">Payment profile</th><th scope="col">Method</th><th scope="col">Expires</th><th scope="col">Billing</th><th scope="col">Default</th></tr></thead>
          <tbody>${(c.paymentProfiles ?? []).map((p) => this.#profileRow(p))}</tbody>
        </table>`}
      </section>
      <section aria-labelledby="addresses-title">
        <h2 id="addresses-title">Shipping addresses</h2>
        ${(c.shippingAddresses ?? []).length === 0 ? html`<p>None stored.</p>` : html`<ul class="addresses">
          ${(c.shippingAddresses ?? []).map((a) => html`<li><address>${[[a.firstName, a.lastName].filter(Boolean).join(' '), a.company, a.address, [a.city, a.state, a.zip].filter(Boolean).join(' '), a.country].filter(Boolean).map((line) => html`${line}<br />`)}</address>${a.isDefault ? html`<span class="badge">Default</span>` : nothing}</li>`)}
        </ul>`}
      </section>
      <section aria-labelledby="transactions-title">
        <h2 id="transactions-title">Transactions</h2>
        ${this.#transactionsTable()}
        ${this.#pending ? this.#actionForm(this.#pending) : nothing}
      </section>`;
  }

  #profileRow(p: PaymentProfileView) {
    const label = paymentLabel(p);
    const expiry = p.card ? `${String(p.card.expMonth).padStart(2, '0')}/${p.card.expYear}` : '—';
    return html`<tr>
      <th scope="row">${p.id}</th>
      <td><span aria-hidden="true">${label.text}</span><span class="sr-only">${label.spoken}</span></td>
      <td>${expiry}${p.expired ? html` <span class="badge warn">Expired</span>` : nothing}</td>
      <td>${[p.billTo.firstName, p.billTo.lastName].filter(Boolean).join(' ')} ${p.billTo.zip ?? ''}</td>
      <td>${p.isDefault ? 'Yes' : 'No'}</td>
    </tr>`;
  }

  #transactionsTable() {
    const rows = this.#transactions?.data ?? [];
    if (rows.length === 0) return html`<p>No transactions yet.</p>`;
    const mayAct = can(this.ctx, 'operator');
    return html`<table>
      <thead><tr><th scope="col">Transaction</th><th scope="col">Date</th><th scope="col">Type</th><th scope="col">State</th><th scope="col">Amount</th><th scope="col">Refunded</th><th scope="col">Method</th>${mayAct ? html`<th scope="col">Actions</th>` : nothing}</tr></thead>
      <tbody>${rows.map((t) => html`<tr>
        <th scope="row">${t.id}</th><td>${when(t.createdAt)}</td><td>${transactionType(t)}</td><td>${transactionState(t)}</td>
        <td>${money(t.amount, t.currency)}</td><td>${money(t.refundedAmount, t.currency)}</td><td>${transactionMethod(t)}</td>
        ${mayAct ? html`<td class="actions">${allowedActions(t).map((a) => html`<button type="button" class="secondary" aria-label="${VERB[a]} transaction ${t.id}" @click=${() => this.#open(a, t)}>${VERB[a]}</button>`)}</td>` : nothing}
      </tr>`)}</tbody>
    </table>`;
  }

  #actionForm(p: PendingAction) {
    const remaining = (Number(p.t.capturedAmount) - Number(p.t.refundedAmount)).toFixed(2);
    const amount = p.action === 'refund' ? remaining : p.t.amount;
    return html`<form class="card action" aria-labelledby="action-title" @submit=${this.#submitAction}>
      <h3 id="action-title">${VERB[p.action]} transaction ${p.t.id}</h3>
      ${p.action === 'void'
        ? html`<p>Voiding cancels ${money(p.t.amount, p.t.currency)} before it settles. This cannot be undone.</p>`
        : html`<label for="action-amount">Amount (${p.t.currency})${p.action === 'refund' ? `, at most ${remaining}` : `, at most ${p.t.amount}`}</label>
            <input id="action-amount" name="amount" inputmode="decimal" autocomplete="off" required .value=${amount} />`}
      <div class="row">
        <button type="submit" class="primary danger" ?disabled=${p.busy}>${p.busy ? 'Working…' : `${VERB[p.action]}${p.action === 'void' ? ' transaction' : ''}`}</button>
        <button type="button" class="secondary" @click=${this.#close}>Cancel</button>
      </div>
    </form>`;
  }

  #open(action: Action, t: TransactionView) {
    this.#pending = { action, t, key: crypto.randomUUID(), busy: false };
    this.requestUpdate();
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('#action-amount, form.action button[type=submit]')?.focus());
  }

  #close = () => {
    const id = this.#pending?.t.id;
    this.#pending = null;
    this.requestUpdate();
    void this.updateComplete.then(() => this.querySelector<HTMLElement>(`button[aria-label$="transaction ${id}"]`)?.focus());
  };

  #submitAction = async (e: SubmitEvent) => {
    e.preventDefault();
    const p = this.#pending;
    if (!p || p.busy) return;
    const amount = String(new FormData(e.currentTarget as HTMLFormElement).get('amount') ?? '').trim();
    p.busy = true;
    this.requestUpdate();
    const path = `/transactions/${encodeURIComponent(p.t.id)}/${p.action}`;
    const body = p.action === 'void' ? undefined : { amount };
    const done = await this.attempt(() => this.ctx.api.call<ActionAnswer>('POST', path, body, p.action === 'refund' ? { 'Idempotency-Key': p.key } : {}));
    p.busy = false;
    if (done) {
      const refused = done.action && done.action.status !== 'approved' ? done.action.reasonText : done.type === 'refund' && done.status !== 'approved' ? done.reasonText : null;
      if (refused) this.ctx.announce(`${VERB[p.action]} was not approved: ${refused}`, 'error');
      else this.ctx.announce(p.action === 'refund' ? `Refunded ${amount} ${p.t.currency} of transaction ${p.t.id}.` : `${VERB[p.action]} of transaction ${p.t.id} done.`);
      this.#pending = null;
      await this.#load();
    } else this.requestUpdate();
  };
}
