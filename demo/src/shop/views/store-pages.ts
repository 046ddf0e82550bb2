import { html, raw } from 'hono/html';
import type { CartLine } from '../cart.ts';
import { PRODUCTS } from '../catalog.ts';
import { formatMoney } from '../money.ts';
import type { Html } from './layout.ts';

export function productGrid(): Html {
  return html`
    <section class="hero">
      <h1>Small-batch coffee, roasted this week.</h1>
      <p>Beans, brewing gear and an office coffee service. Returning customers check out with the cards they saved last time.</p>
    </section>
    <ul class="products">
      ${PRODUCTS.map(
        (p) => html`
        <li class="product card">
          <div class="art">${raw(p.art)}</div>
          <div class="product-body">
            <h2>${p.name}</h2>
            <p>${p.blurb}</p>
            <form method="post" action="/cart/add" class="product-buy">
              <input type="hidden" name="productId" value="${p.id}">
              <span class="price">${formatMoney(p.priceCents)}</span>
              <button class="button" type="submit" aria-label="Add ${p.name} to cart">Add to cart</button>
            </form>
          </div>
        </li>`,
      )}
    </ul>`;
}

export function cartPage(lines: CartLine[], totalCents: number): Html {
  if (lines.length === 0) {
    return html`<h1>Your cart</h1><div class="card empty"><p>Your cart is empty.</p><a class="button" href="/">Browse the shop</a></div>`;
  }
  return html`
    <h1>Your cart</h1>
    <div class="card">
      <table class="lines">
        <thead><tr><th scope="col">Item</th><th scope="col">Quantity</th><th scope="col" class="num">Price</th></tr></thead>
        <tbody>
          ${lines.map(
            (l) => html`<tr>
              <td><span class="thumb">${raw(l.product.art)}</span>${l.product.name}</td>
              <td>
                <form method="post" action="/cart/update" class="qty">
                  <input type="hidden" name="productId" value="${l.product.id}">
                  <label class="visually-hidden" for="qty-${l.product.id}">Quantity of ${l.product.name}</label>
                  <input id="qty-${l.product.id}" type="number" name="quantity" min="0" max="20" value="${l.quantity}">
                  <button class="button small secondary" type="submit">Update</button>
                </form>
              </td>
              <td class="num">${formatMoney(l.lineCents)}</td>
            </tr>`,
          )}
        </tbody>
        <tfoot><tr><th scope="row" colspan="2">Total</th><td class="num total">${formatMoney(totalCents)}</td></tr></tfoot>
      </table>
      <div class="actions"><a class="button secondary" href="/">Keep shopping</a><a class="button" href="/checkout">Check out</a></div>
    </div>`;
}

export function signInPage(next: string, returning: { name: string; email: string }): Html {
  return html`
    <h1>Sign in</h1>
    <p class="lede">Accounts are the shop's business, not CIM's: the shop maps each account to a CIM customer profile ID. Pick a demo account.</p>
    <div class="signin-choices">
      <form method="post" action="/signin" class="card choice">
        <input type="hidden" name="next" value="${next}">
        <input type="hidden" name="shopper" value="returning">
        <h2>${returning.name}</h2>
        <p>Returning customer (${returning.email}) with two saved cards and two shipping addresses in the vault.</p>
        <button class="button" type="submit">Continue as ${returning.name}</button>
      </form>
      <form method="post" action="/signin" class="card choice">
        <input type="hidden" name="next" value="${next}">
        <input type="hidden" name="shopper" value="new">
        <h2>A new customer</h2>
        <p>A brand-new account with nothing saved yet. The first card entered at checkout creates the CIM profile.</p>
        <button class="button secondary" type="submit">Create a new account</button>
      </form>
    </div>`;
}
