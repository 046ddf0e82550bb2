import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { findProduct, type Product } from './catalog.ts';

/** The cart lives in a cookie of product IDs and quantities; prices always come from the catalog. */
const COOKIE = 'cart';
const MAX_QUANTITY = 20;

export type CartItems = Record<string, number>;

export interface CartLine {
  product: Product;
  quantity: number;
  lineCents: number;
}

export function readCart(c: Context): CartItems {
  try {
    const parsed = JSON.parse(decodeURIComponent(getCookie(c, COOKIE) ?? '{}')) as unknown;
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(([id, q]) => findProduct(id) && Number.isInteger(q) && (q as number) > 0 && (q as number) <= MAX_QUANTITY),
    ) as CartItems;
  } catch {
    return {};
  }
}

export function writeCart(c: Context, items: CartItems): void {
  const kept = Object.fromEntries(Object.entries(items).filter(([, q]) => q > 0).map(([id, q]) => [id, Math.min(q, MAX_QUANTITY)]));
  if (Object.keys(kept).length === 0) deleteCookie(c, COOKIE, { path: '/' });
  else setCookie(c, COOKIE, encodeURIComponent(JSON.stringify(kept)), { path: '/', httpOnly: true, sameSite: 'Lax' });
}

export function cartLines(items: CartItems): { lines: CartLine[]; totalCents: number; count: number } {
  const lines = Object.entries(items).flatMap(([id, quantity]) => {
    const product = findProduct(id);
    return product ? [{ product, quantity, lineCents: product.priceCents * quantity }] : [];
  });
  return { lines, totalCents: lines.reduce((s, l) => s + l.lineCents, 0), count: lines.reduce((s, l) => s + l.quantity, 0) };
}
