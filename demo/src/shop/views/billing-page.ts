import { html } from 'hono/html';
import type { Order, Shopper } from '../db.ts';
import { amountToCents, formatMoney } from '../money.ts';
import { cardLabel, statusBadge } from './checkout-pages.ts';
import { notice, type Html } from './layout.ts';

export interface BillableShopper {
  shopper: Shopper;
  defaultCard: string;
  lastBill: Order | undefined;
}

export function billingPage(rows: BillableShopper[], result?: Order): Html {
  return html`
    <h1>Usage billing</h1>
    <p class="lede">The merchant's back office. Office-coffee customers are billed at the end of the month for what they drank, a different amount each time, on the card they saved: a merchant-initiated charge by profile IDs, with no shopper present.</p>
    ${
      result
        ? result.status === 'approved'
          ? notice('success', `Billed ${formatMoney(amountToCents(result.amount))} to ${cardLabel(result.cardBrand, result.cardLast4)}: ${result.description}.`)
          : notice('error', `The charge of ${formatMoney(amountToCents(result.amount))} was ${result.status}: ${result.reasonText ?? ''}`)
        : ''
    }
    <div class="card">
      ${
        rows.length === 0
          ? html`<p>No customer has a saved card yet.</p>`
          : html`<table class="lines">
          <thead><tr><th scope="col">Customer</th><th scope="col">CIM profile</th><th scope="col">Default card</th><th scope="col">Last bill</th><th scope="col"></th></tr></thead>
          <tbody>
            ${rows.map(
              (r) => html`<tr>
                <td>${r.shopper.name}<br><span class="muted small">${r.shopper.email}</span></td>
                <td><code>${r.shopper.customerProfileId}</code></td>
                <td>${r.defaultCard}</td>
                <td>${r.lastBill ? html`${formatMoney(amountToCents(r.lastBill.amount))} ${statusBadge(r.lastBill)}` : '—'}</td>
                <td class="num">
                  <form method="post" action="/billing/charge">
                    <input type="hidden" name="shopperId" value="${r.shopper.id}">
                    <button class="button small" type="submit">Bill this month's usage</button>
                  </form>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>`
      }
    </div>`;
}
