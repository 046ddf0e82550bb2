import type { CardBrand, FieldError } from '../public-types.ts';

export interface CimChangeDetail {
  /** Every field in use is filled in and valid: `submit()` will not fail validation. */
  complete: boolean;
  /** No card field has been typed into yet. */
  empty: boolean;
  /** The brand of the chosen or typed card, once known. Never any digit of the number. */
  brand?: CardBrand;
  /** The problems the shopper is being shown now. */
  errors: FieldError[];
}

/** The form's state changed. Carries completeness and brand only, never card data. */
export class CimChangeEvent extends Event {
  readonly detail: CimChangeDetail;

  constructor(detail: CimChangeDetail) {
    super('cim-change', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cim-change': CimChangeEvent;
  }
}
