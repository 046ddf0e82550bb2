import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Shopper } from '../db.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageFrame {
  title: string;
  shopper: Shopper | null;
  cartCount: number;
  /** Extra tags for <head>, e.g. the CIM widget script on pages that show the checkout. */
  head?: Html;
  active?: 'shop' | 'orders' | 'wallet' | 'cart' | 'billing';
}

const nav = (href: string, label: string, on: boolean) => html`<a href="${href}" ${on ? html`aria-current="page"` : ''}>${label}</a>`;

export function layout(frame: PageFrame, body: Html): Html {
  const { shopper, active } = frame;
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${frame.title} · Northwind Coffee</title>
  <link rel="stylesheet" href="/assets/shop.css">
  <link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='%236b3f1d'/%3E%3C/svg%3E">
  ${frame.head ?? ''}
</head>
<body>
  <header class="site-header">
    <div class="wrap header-row">
      <a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span>Northwind Coffee</a>
      <nav class="main-nav" aria-label="Main">
        ${nav('/', 'Shop', active === 'shop')}
        ${shopper ? nav('/orders', 'Orders', active === 'orders') : ''}
        ${shopper ? nav('/account/payment-methods', 'Payment methods', active === 'wallet') : ''}
        ${nav('/cart', `Cart (${frame.cartCount})`, active === 'cart')}
      </nav>
      <div class="account">
        ${
          shopper
            ? html`<span class="who">Signed in as <strong>${shopper.name}</strong></span>
                <form method="post" action="/signout"><button class="link-button" type="submit">Sign out</button></form>`
            : html`<a class="button small secondary" href="/signin">Sign in</a>`
        }
      </div>
    </div>
  </header>
  <main class="wrap">
    ${body}
  </main>
  <footer class="site-footer">
    <div class="wrap footer-row">
      <span>A demo shop for <strong>CIM</strong>, the self-hosted card vault. Payments go to CIM's sandbox: no real money moves.</span>
      <a href="/billing" ${active === 'billing' ? html`aria-current="page"` : ''}>Merchant back office: usage billing</a>
    </div>
  </footer>
</body>
</html>`;
}

/** A status message box; `role` makes screen readers announce errors at once. */
export const notice = (kind: 'info' | 'success' | 'error', text: Html | string, id?: string) =>
  html`<div class="notice ${kind}" ${id ? html`id="${id}"` : ''} role="${kind === 'error' ? 'alert' : 'status'}">${text}</div>`;
