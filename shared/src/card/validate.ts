import type { ErrorCode } from '../errors.ts';
import { checkCvc } from './cvc.ts';
import { checkExpiry } from './expiry.ts';
import { checkCardNumber } from './number.ts';
import type { CardBrand } from './brands.ts';

export interface FieldProblem {
  field: 'number' | 'expiry' | 'cvc';
  code: ErrorCode;
  message: string;
}

export interface ValidCard {
  digits: string;
  brand: CardBrand;
  expMonth: number;
  expYear: number;
}

const NUMBER_MESSAGES = {
  format: 'The card number may contain only digits, spaces and dashes.',
  length: 'The card number has the wrong number of digits.',
  luhn: 'The card number is not valid.',
  brand: 'The card number is not a recognised card.',
} as const;

/**
 * The one card check both the widget and the server run, so a shopper sees the
 * same verdict inline that the API would give. Messages never echo the input.
 */
export function validateCard(
  input: { number: string; expMonth: number; expYear: number; cvc?: string | undefined },
  now: Date = new Date(),
): { ok: true; card: ValidCard } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const number = checkCardNumber(input.number);
  if (!number.ok) problems.push({ field: 'number', code: 'invalid_card_number', message: NUMBER_MESSAGES[number.problem ?? 'luhn'] });
  const expiry = checkExpiry(input.expMonth, input.expYear, now);
  if (!expiry.ok) {
    problems.push(
      expiry.problem === 'expired'
        ? { field: 'expiry', code: 'card_expired', message: 'The card has expired.' }
        : { field: 'expiry', code: 'invalid_expiry', message: 'The expiry date is not valid.' },
    );
  }
  if (input.cvc !== undefined && !checkCvc(input.cvc, number.brand)) {
    problems.push({ field: 'cvc', code: 'invalid_cvc', message: number.brand === 'amex' ? 'The security code must be 4 digits.' : 'The security code must be 3 digits.' });
  }
  if (problems.length > 0 || !number.digits) return { ok: false, problems };
  return { ok: true, card: { digits: number.digits, brand: number.brand, expMonth: input.expMonth, expYear: input.expYear } };
}
