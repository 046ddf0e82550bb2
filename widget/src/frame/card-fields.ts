import { cvcLengthFor, type CardBrand } from '@cim/shared';
import { html, nothing } from 'lit';
import { brandMark } from './brand-mark.ts';
import type { CardDraft, CardField } from './card-validation.ts';
import type { Country } from './countries.ts';
import { checkbox, field, selectField } from './field.ts';
import type { Translate } from './i18n/index.ts';

export interface CardFieldsView {
  t: Translate;
  draft: CardDraft;
  brand: CardBrand;
  /** Only the errors the shopper should see now (after blur or submit). */
  errors: Partial<Record<CardField, string>>;
  fullBilling: boolean;
  countries: Country[];
  makeDefault: boolean | null;
}

/** The new-card fields with the autocomplete tokens browsers use to fill a saved card. */
export function cardFields(v: CardFieldsView) {
  const { t, draft, errors } = v;
  const cvcLength = cvcLengthFor(v.brand);
  const country = selectField({
    id: 'country', label: t('country'), value: draft.country, autocomplete: 'billing country', error: errors.country,
    options: v.countries.map((c) => ({ value: c.code, label: c.name })),
  });
  const postal = field({
    id: 'postal', label: draft.country === 'US' ? t('zip') : t('postalCode'), value: draft.postal, autocomplete: 'billing postal-code',
    inputmode: draft.country === 'US' ? 'numeric' : 'text', maxlength: 20, required: true, error: errors.postal,
  });
  return html`<div class="card-fields">
    ${field({ id: 'name', label: t('cardholderName'), value: draft.name, autocomplete: 'cc-name', maxlength: 100, required: true, error: errors.name })}
    ${field({
      id: 'number', label: t('cardNumber'), value: draft.number, autocomplete: 'cc-number', inputmode: 'numeric', placeholder: '1234 1234 1234 1234',
      maxlength: 23, required: true, error: errors.number, trailing: html`<span class="trailing">${brandMark(v.brand)}</span>`,
    })}
    <div class="row">
      ${field({ id: 'expiry', label: t('expiry'), value: draft.expiry, autocomplete: 'cc-exp', inputmode: 'numeric', placeholder: t('expiryPlaceholder'), maxlength: 7, required: true, error: errors.expiry })}
      ${field({
        id: 'cvc', label: t('cvc'), value: draft.cvc, autocomplete: 'cc-csc', inputmode: 'numeric', placeholder: cvcLength === 4 ? '1234' : '123',
        maxlength: cvcLength, required: true, error: errors.cvc, hint: t('cvcHint', { n: cvcLength }),
      })}
    </div>
    ${v.fullBilling
      ? html`<fieldset class="group">
          <legend>${t('billingAddress')}</legend>
          ${country}
          ${field({ id: 'line1', label: t('addressLine1'), value: draft.line1, autocomplete: 'billing address-line1', maxlength: 60, required: true, error: errors.line1 })}
          ${field({ id: 'line2', label: t('addressLine2'), value: draft.line2, autocomplete: 'billing address-line2', maxlength: 60 })}
          <div class="row">
            ${field({ id: 'city', label: t('city'), value: draft.city, autocomplete: 'billing address-level2', maxlength: 40, required: true, error: errors.city })}
            ${field({ id: 'state', label: t('state'), value: draft.state, autocomplete: 'billing address-level1', maxlength: 40 })}
          </div>
          ${postal}
        </fieldset>`
      : html`<div class="row">${country}${postal}</div>`}
    ${v.makeDefault === null ? nothing : checkbox({ id: 'card-default', label: t('saveCardDefault'), checked: v.makeDefault })}
  </div>`;
}
