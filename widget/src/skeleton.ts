import type { FormLayout } from '@cim/shared';

/**
 * The loading placeholder: the rows the frame will show first (the session's `layout` hint), each
 * as tall as the real one (form-metrics.ts, drawn in cim-checkout.styles.ts). Mirrors the frame's
 * views (frame/views.ts, card-fields.ts, address-fields.ts): a section is a group of a title or a
 * list of saved entries, then the form that is open; a row holds two fields side by side.
 */
const field = '<i class="f"></i>';
const row = (a: string, b = field) => `<div class="r">${a}${b}</div>`;
const group = (...parts: string[]) => `<div class="g">${parts.join('')}</div>`;
/** A fieldset: its legend is no grid item, so the first row follows it without the gap (cim-checkout.styles.ts, `.l`). */
const legend = '<i class="t l"></i>';
/**
 * A legend over saved entries (two lines each, and a line of buttons under vault mode's cards), with
 * "Use a new …" as the last row in checkout.
 */
const list = (entries: number, addRow: boolean, entry = '<i class="o"></i>') => `<div class="c">${legend}${entry.repeat(entries)}${addRow ? '<i class="n"></i>' : ''}</div>`;

function cardForm(fullBilling: boolean) {
  // Name, number, expiry beside the security code (with its hint), billing, "save as default".
  const billing = fullBilling ? group(legend, field.repeat(3), row(field), field) : row(field);
  return group(field, field, row(field, '<i class="f h"></i>'), billing, '<i class="k"></i>');
}

// Name, country, two address lines, city and state, postal code and phone, "save as default".
const addressForm = () => group(field.repeat(4), row(field), row(field), '<i class="k"></i>');

function checkoutSection(saved: number, open: boolean, form: () => string) {
  return group(saved > 0 ? list(saved, true) : '<i class="t"></i>', open ? form() : '');
}

/** Vault mode: the list, "No saved … yet" when empty, and the add button; no form is open yet. */
const vaultSection = (saved: number, entry?: string) => group(list(saved, false, entry), saved === 0 ? '<i class="e"></i>' : '', '<i class="b"></i>');

export function skeleton(l: FormLayout, hideButton: boolean): string {
  if (l.mode === 'vault') return vaultSection(l.cards, '<i class="o v"></i>') + vaultSection(l.addresses) + '<i class="s"></i>';
  return (
    checkoutSection(l.cards, l.newCard, () => cardForm(l.fullBilling)) +
    (l.shipping ? checkoutSection(l.addresses, l.newAddress, addressForm) : '') +
    (hideButton ? '' : '<i class="b"></i>') +
    '<i class="s"></i>'
  );
}
