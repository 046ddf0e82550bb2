import { html, nothing } from 'lit';
import type { AddressDraft, AddressField } from './address-draft.ts';
import type { Country } from './countries.ts';
import { checkbox, field, selectField } from './field.ts';
import type { Translate } from './i18n/index.ts';

export interface AddressFieldsView {
  t: Translate;
  draft: AddressDraft;
  errors: Partial<Record<AddressField, string>>;
  countries: Country[];
  makeDefault: boolean | null;
}

/** Shipping fields. Ids carry a `ship-` prefix so they never collide with the billing ones in the same form. */
export function addressFields(v: AddressFieldsView) {
  const { t, draft, errors } = v;
  return html`<div class="address-fields">
    ${field({ id: 'ship-name', label: t('fullName'), value: draft.name, autocomplete: 'shipping name', maxlength: 100, required: true, error: errors.name })}
    ${selectField({
      id: 'ship-country', label: t('country'), value: draft.country, autocomplete: 'shipping country', error: errors.country,
      options: v.countries.map((c) => ({ value: c.code, label: c.name })),
    })}
    ${field({ id: 'ship-line1', label: t('addressLine1'), value: draft.line1, autocomplete: 'shipping address-line1', maxlength: 60, required: true, error: errors.line1 })}
    ${field({ id: 'ship-line2', label: t('addressLine2'), value: draft.line2, autocomplete: 'shipping address-line2', maxlength: 60 })}
    <div class="row">
      ${field({ id: 'ship-city', label: t('city'), value: draft.city, autocomplete: 'shipping address-level2', maxlength: 40, required: true, error: errors.city })}
      ${field({ id: 'ship-state', label: t('state'), value: draft.state, autocomplete: 'shipping address-level1', maxlength: 40 })}
    </div>
    <div class="row">
      ${field({
        id: 'ship-postal', label: draft.country === 'US' ? t('zip') : t('postalCode'), value: draft.postal, autocomplete: 'shipping postal-code',
        maxlength: 20, required: true, error: errors.postal,
      })}
      ${field({ id: 'ship-phone', label: t('phone'), value: draft.phone, autocomplete: 'shipping tel', inputmode: 'tel', maxlength: 25 })}
    </div>
    ${v.makeDefault === null ? nothing : checkbox({ id: 'ship-default', label: t('saveAddressDefault'), checked: v.makeDefault })}
  </div>`;
}
