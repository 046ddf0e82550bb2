import { brandLabel } from '@cim/shared';
import { html, nothing } from 'lit';
import { addressFields } from './address-fields.ts';
import { brandMark } from './brand-mark.ts';
import { cardFields } from './card-fields.ts';
import { choiceGroup, type Choice } from './choices.ts';
import type { Country } from './countries.ts';
import type { Translate } from './i18n/index.ts';
import type { AppState } from './state.ts';
import type { SavedAddress, SavedCard } from './wallet.ts';
import type { CardField } from './card-validation.ts';
import type { AddressField } from './address-draft.ts';
import { draftBrand } from './card-validation.ts';

export interface ViewContext {
  s: AppState;
  t: Translate;
  countries: Country[];
  errors: { card: Partial<Record<CardField, string>>; address: Partial<Record<AddressField, string>> };
}

const PLUS = html`<svg class="brand-mark add-mark" viewBox="0 0 32 20" width="32" height="20" aria-hidden="true"><rect x=".5" y=".5" width="31" height="19" rx="2.5" fill="none" stroke="currentColor" stroke-dasharray="2 2"/><path d="M16 6v8M12 10h8" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>`;

function cardChoice({ t, s }: ViewContext, p: SavedCard): Choice | null {
  if (!p.card) return null;
  const { brand, last4, expMonth, expYear } = p.card;
  const name = brandLabel(brand);
  const title = t('endingIn', { brand: name, last4 });
  return {
    id: p.id, title, mark: brandMark(brand), // Last four first: the title lays these out right to left (app.styles.ts).
    display: html`<span class="last4">${last4}</span><span class="dots">••••</span><span>${name}</span>`,
    detail: t('expires', { date: `${String(expMonth).padStart(2, '0')}/${String(expYear).slice(-2)}` }),
    ...(p.expired ? { badge: t('expired'), disabled: true } : p.isDefault ? { badge: t('isDefault') } : {}),
    ...(s.wallet?.session.allowRemove ? { removeLabel: t('removeLabel', { item: title }) } : {}),
    ...confirming({ t, s }, 'card', p.id, title),
    ...(s.wallet?.session.mode === 'vault' ? { tools: cardTools({ t, s }, p, title) } : {}),
  };
}

/** Vault mode: make a card the default, or give it a new expiry, without typing the number again. */
function cardTools({ t, s }: Pick<ViewContext, 't' | 's'>, p: SavedCard, title: string) {
  if (s.editExpiry?.id === p.id) {
    return html`<div class="actions edit-expiry">
      <label for="edit-expiry">${t('newExpiry')}</label>
      <input id="edit-expiry" data-field="edit-expiry" autocomplete="cc-exp" inputmode="numeric" placeholder="MM / YY" .value=${s.editExpiry.value} />
      <button type="submit" class="primary" ?disabled=${s.busy}>${t('save')}</button>
      <button type="button" class="secondary" data-action="cancel-expiry">${t('cancel')}</button>
    </div>`;
  }
  return html`<div class="actions tools">
    ${p.isDefault || p.expired ? nothing : html`<button type="button" class="link" data-action="make-default" data-id=${p.id} aria-label=${t('makeDefaultLabel', { item: title })}>${t('makeDefault')}</button>`}
    <button type="button" class="link" data-action="edit-expiry" data-id=${p.id} aria-label=${t('updateExpiryLabel', { item: title })}>${t('updateExpiry')}</button>
  </div>`;
}

/** The removal question for the entry being confirmed, if it is this one. */
function confirming({ t, s }: Pick<ViewContext, 't' | 's'>, kind: 'card' | 'address', id: string, item: string) {
  const asked = s.confirmRemove?.kind === kind && s.confirmRemove.id === id;
  return asked ? { confirm: { question: t('removeQuestion', { item }), yes: t('remove'), no: t('keep') } } : {};
}

function addressChoice({ t, s }: ViewContext, a: SavedAddress): Choice {
  const name = [a.firstName, a.lastName].filter(Boolean).join(' ');
  const place = [a.address, a.city, [a.state, a.zip].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ');
  const short = [name, a.address].filter(Boolean).join(', ');
  return {
    id: a.id, title: [name, place].filter(Boolean).join(', '), display: name || place, ...(name ? { detail: place } : {}),
    ...(a.isDefault ? { badge: t('isDefault') } : {}),
    ...(s.wallet?.session.allowRemove ? { removeLabel: t('removeLabel', { item: short }) } : {}),
    ...confirming({ t, s }, 'address', a.id, short),
  };
}

const cardForm = (c: ViewContext, makeDefault: boolean | null) =>
  cardFields({ t: c.t, draft: c.s.draft, brand: draftBrand(c.s.draft), errors: c.errors.card, fullBilling: c.s.wallet?.session.billingAddress === 'full', countries: c.countries, makeDefault });

const addressForm = (c: ViewContext, makeDefault: boolean | null) => addressFields({ t: c.t, draft: c.s.address, errors: c.errors.address, countries: c.countries, makeDefault });

const cards = (c: ViewContext) => (c.s.wallet?.paymentProfiles ?? []).map((p) => cardChoice(c, p)).filter((x): x is Choice => x !== null);
const addresses = (c: ViewContext) => (c.s.wallet?.shippingAddresses ?? []).map((a) => addressChoice(c, a));

/** Checkout: pick or add a card (and a shipping address), then confirm. */
export function checkoutView(c: ViewContext) {
  const { s, t } = c;
  const saved = cards(c);
  const savedAddresses = addresses(c);
  return html`<section class="section">
      ${saved.length > 0
        ? choiceGroup({ name: 'card', legend: t('paymentMethod'), choices: saved, selected: s.cardChoice, addLabel: t('useNewCard'), addMark: PLUS })
        : html`<h2 class="section-title">${t('paymentMethod')}</h2>`}
      ${s.cardChoice === 'new' ? html`<div class="reveal">${cardForm(c, s.cardDefault)}</div>` : nothing}
    </section>
    ${s.wallet?.session.collectShipping
      ? html`<section class="section">
          ${savedAddresses.length > 0
            ? choiceGroup({ name: 'address', legend: t('shippingAddress'), choices: savedAddresses, selected: s.addressChoice, addLabel: t('addAddress'), addMark: PLUS })
            : html`<h2 class="section-title">${t('shippingAddress')}</h2>`}
          ${s.addressChoice === 'new' ? html`<div class="reveal">${addressForm(c, s.addressDefault)}</div>` : nothing}
        </section>`
      : nothing}`;
}

function vaultSection(c: ViewContext, kind: 'card' | 'address') {
  const { s, t } = c;
  const choices = kind === 'card' ? cards(c) : addresses(c);
  const open = s.vaultForm === kind;
  return html`<section class="section">
    ${choiceGroup({ name: kind, legend: t(kind === 'card' ? 'savedCards' : 'savedAddresses'), choices, selected: null })}
    ${choices.length === 0 ? html`<p class="empty">${t(kind === 'card' ? 'noCards' : 'noAddresses')}</p>` : nothing}
    ${open
      ? html`<div class="reveal">
          ${kind === 'card' ? cardForm(c, s.cardDefault) : addressForm(c, s.addressDefault)}
          <div class="actions">
            <button type="submit" class="primary" ?disabled=${s.busy}>${s.busy ? t('processing') : t(kind === 'card' ? 'saveCard' : 'saveAddress')}</button>
            <button type="button" class="secondary" data-action="cancel">${t('cancel')}</button>
          </div>
        </div>`
      : html`<button type="button" class="add" data-action=${`add-${kind}`}>${PLUS}${t(kind === 'card' ? 'addCard' : 'addAddress')}</button>`}
  </section>`;
}

/** "My payment methods": list, add and (when allowed) remove; no confirm, no token. */
export function vaultView(c: ViewContext) {
  return html`${vaultSection(c, 'card')}${vaultSection(c, 'address')}`;
}
