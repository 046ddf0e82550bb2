import { html } from 'hono/html';
import type { CartLine } from '../cart.ts';
import type { Order } from '../db.ts';
import { amountToCents, formatMoney } from '../money.ts';
import { notice, type Html } from './layout.ts';

/**
 * The one script tag a page needs: the element's loader, from the CIM origin. Render-blocking (it
 * is small), so the page is never painted with the element still undefined and then pushed down
 * when the skeleton appears.
 */
export const widgetScript = (cimUrl: string): Html => html`<script type="module" blocking="render" src="${cimUrl}/widget/cim-checkout.js"></script>`;

/** A CIM session as the page needs it: the token, and the layout hint its loading skeleton draws. */
export interface PageSession {
  token: string;
  layout: string;
}

/**
 * Where the <cim-checkout> element goes; /assets/cim-page.js wires its events to our server.
 * `layout` (from the session's answer) makes the placeholder as tall as the form: the page does not jump.
 */
function checkoutSlot(session: PageSession, purpose: 'checkout' | 'vault'): Html {
  return html`
    <div id="cim-slot" data-session-url="${purpose === 'checkout' ? '/checkout/session' : '/account/payment-methods/session'}" data-pay-url="/checkout/pay">
      <cim-checkout session="${session.token}" layout="${session.layout}" locale="en" ${purpose === 'checkout' ? 'hide-button' : ''}></cim-checkout>
    </div>`;
}

export function checkoutPage(shopperName: string, session: PageSession, lines: CartLine[], totalCents: number, returning: boolean): Html {
  return html`
    <h1>Checkout</h1>
    <div class="checkout-grid">
      <section class="card pay-panel" aria-labelledby="pay-heading">
        <h2 id="pay-heading">Payment and delivery</h2>
        <p class="muted">${returning ? `Welcome back, ${shopperName}. Pick a saved card and address, or add new ones.` : 'Enter your card and shipping address. We keep them in our vault for next time.'}</p>
        <div id="cim-notice"></div>
        ${checkoutSlot(session, 'checkout')}
      </section>
      <aside class="card summary" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Order summary</h2>
        <ul class="summary-lines">
          ${lines.map((l) => html`<li><span>${l.product.name} <span class="muted">× ${l.quantity}</span></span><span>${formatMoney(l.lineCents)}</span></li>`)}
          <li class="muted"><span>Shipping</span><span>Free</span></li>
        </ul>
        <p class="summary-total"><span>Total</span><span data-testid="order-total">${formatMoney(totalCents)}</span></p>
        <button id="pay-button" class="button pay" type="button">Pay ${formatMoney(totalCents)}</button>
        <div id="cim-status" class="status-line" role="status" aria-live="polite"></div>
        <p class="fine-print">Your card details go straight to our payment vault in a secure frame; this shop only ever sees the last four digits.</p>
        <a href="/cart" class="link small">Edit cart</a>
      </aside>
    </div>
    <script type="module" src="/assets/cim-page.js"></script>`;
}

export function paymentMethodsPage(session: PageSession): Html {
  return html`
    <h1>Payment methods</h1>
    <div class="checkout-grid single">
      <section class="card pay-panel">
        <p class="muted">Your saved cards and shipping addresses. Add a new one, or remove one you no longer use.</p>
        <div id="cim-notice"></div>
        ${checkoutSlot(session, 'vault')}
      </section>
    </div>
    <script type="module" src="/assets/cim-page.js"></script>`;
}

const STATUS_LABEL: Record<Order['status'], string> = {
  pending: 'Pending',
  approved: 'Paid',
  declined: 'Declined',
  error: 'Payment error',
  heldForReview: 'Held for review',
};

export const statusBadge = (o: Order) => html`<span class="badge ${o.status}">${STATUS_LABEL[o.status]}</span>`;

export const cardLabel = (brand: string | null, last4: string | null) =>
  brand && last4 ? `${{ visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' }[brand] ?? brand} •••• ${last4}` : '—';

type PostalAddress = { firstName?: string; lastName?: string; company?: string; address?: string; city?: string; state?: string; zip?: string; country?: string };

const addressLines = (a: PostalAddress) =>
  [[a.firstName, a.lastName].filter(Boolean).join(' '), a.company, a.address, [a.city, [a.state, a.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ')].filter(Boolean) as string[];

export function orderPage(order: Order, shipTo: PostalAddress | null): Html {
  const placed = new Date(order.createdAt).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
  return html`
    ${order.status === 'approved' ? notice('success', html`<strong>Thank you!</strong> Order #${order.id} is paid and on its way.`) : notice('error', `Order #${order.id} was not paid: ${order.reasonText ?? 'no reason given'}`)}
    <h1>Order #${order.id}</h1>
    <div class="card">
      <dl class="facts">
        <div><dt>Status</dt><dd>${statusBadge(order)}</dd></div>
        <div><dt>Placed</dt><dd>${placed}</dd></div>
        <div><dt>Paid with</dt><dd data-testid="order-card">${cardLabel(order.cardBrand, order.cardLast4)}</dd></div>
        <div><dt>Transaction</dt><dd><code>${order.transactionId ?? '—'}</code></dd></div>
        ${shipTo ? html`<div><dt>Ships to</dt><dd data-testid="ship-to">${addressLines(shipTo).map((line, i) => html`${i ? html`<br>` : ''}${line}`)}</dd></div>` : ''}
      </dl>
      <table class="lines">
        <thead><tr><th scope="col">Item</th><th scope="col">Qty</th><th scope="col" class="num">Price</th></tr></thead>
        <tbody>${order.lines.map((l) => html`<tr><td>${l.name}</td><td>${l.quantity}</td><td class="num">${formatMoney(amountToCents(l.unitPrice) * l.quantity)}</td></tr>`)}</tbody>
        <tfoot><tr><th scope="row" colspan="2">Total</th><td class="num total">${formatMoney(amountToCents(order.amount))}</td></tr></tfoot>
      </table>
      <details class="ids">
        <summary>What the shop stored</summary>
        <p class="muted">IDs only: the card itself stays in the vault.</p>
        <dl class="facts">
          <div><dt>Customer profile</dt><dd><code>${order.customerProfileId}</code></dd></div>
          <div><dt>Payment profile</dt><dd><code>${order.paymentProfileId}</code></dd></div>
          <div><dt>Shipping address</dt><dd><code>${order.shippingAddressId ?? '—'}</code></dd></div>
        </dl>
      </details>
      <div class="actions"><a class="button secondary" href="/orders">All orders</a><a class="button" href="/">Continue shopping</a></div>
    </div>`;
}

export function ordersPage(orders: Order[]): Html {
  if (orders.length === 0) return html`<h1>Orders</h1><div class="card empty"><p>No orders yet.</p><a class="button" href="/">Start shopping</a></div>`;
  return html`
    <h1>Orders</h1>
    <div class="card">
      <table class="lines orders">
        <thead><tr><th scope="col">Order</th><th scope="col">Date</th><th scope="col">What</th><th scope="col">Card</th><th scope="col">Status</th><th scope="col" class="num">Total</th></tr></thead>
        <tbody>
          ${orders.map(
            (o) => html`<tr>
              <td><a href="/orders/${o.id}">#${o.id}</a></td>
              <td>${new Date(o.createdAt).toLocaleDateString('en-US', { dateStyle: 'medium' })}</td>
              <td>${o.description}</td>
              <td>${cardLabel(o.cardBrand, o.cardLast4)}</td>
              <td>${statusBadge(o)}</td>
              <td class="num">${formatMoney(amountToCents(o.amount))}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}
