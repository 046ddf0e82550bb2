/**
 * The data types of the element's public events, declared here rather than imported from
 * @cim/shared so the published package's .d.ts files stand alone (@cim/shared is not published).
 * public-types.check.ts holds them equal to shared's at compile time.
 */
export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'maestro' | 'unknown';

export type SessionMode = 'checkout' | 'vault';

export interface CardSummary {
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
}

/** One inline validation problem; `message` never echoes what was typed. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}
