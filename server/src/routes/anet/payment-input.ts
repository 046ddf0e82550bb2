import { checkCardNumber, type BankAccountInput, type CardInput } from '@cim/shared';
import { AnetError, invalidError, requiredError } from './messages.ts';
import { reasonText } from '../../processor/reason-codes.ts';
import { bool, child, oneOf, text, type Json } from './parse.ts';

export interface Expiry {
  expMonth: number;
  expYear: number;
}

/** What a `payment` element asked for. Masked values ("XXXX1111", "XXXX") mean "keep what is stored". */
export type PaymentInput =
  | { kind: 'card'; number: string | null; maskedLast4: string | null; expiry: Expiry | null; cvc: string | undefined }
  | { kind: 'bankAccount'; accountType: BankAccountInput['accountType']; routingNumber: string | null; accountNumber: string | null; nameOnAccount: string | undefined; bankName: string | undefined }
  | { kind: 'opaqueData'; dataDescriptor: string; dataValue: string };

const MASKED = /^X+(\d{4})$/i;

/** The formats Authorize.Net accepts: YYYY-MM, YYYY/MM, MMYY, MM/YY, MM-YY, MMYYYY, MM/YYYY, MM-YYYY. */
export function parseExpirationDate(value: string): Expiry | null {
  let expiry: Expiry | null = null;
  let m = /^(\d{4})[-/](\d{1,2})$/.exec(value);
  if (m) expiry = { expYear: Number(m[1]), expMonth: Number(m[2]) };
  else if ((m = /^(\d{2})[-/]?(\d{2}|\d{4})$/.exec(value))) expiry = { expMonth: Number(m[1]), expYear: m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]) };
  return expiry && expiry.expMonth >= 1 && expiry.expMonth <= 12 ? expiry : null;
}

function readCard(card: Json): PaymentInput {
  const rawNumber = text(card, 'cardNumber', 40);
  if (rawNumber === undefined) throw requiredError('Card Number');
  const masked = MASKED.exec(rawNumber);
  let number: string | null = null;
  if (!masked) {
    const check = checkCardNumber(rawNumber);
    // Authorize.Net answers a wrong digit count with E00015, anything else with E00013.
    if (check.problem === 'length') throw new AnetError('E00015', 'The field length is invalid for Card Number.');
    number = rawNumber;
  }
  const rawExpiry = text(card, 'expirationDate', 20);
  if (rawExpiry === undefined) throw requiredError('Expiration Date');
  let expiry: Expiry | null = null;
  if (!/^X+$/i.test(rawExpiry)) {
    expiry = parseExpirationDate(rawExpiry);
    if (!expiry) throw invalidError('Expiration Date');
  }
  const cvc = text(card, 'cardCode', 4);
  return { kind: 'card', number, maskedLast4: masked ? masked[1]! : null, expiry, cvc };
}

function readBankAccount(bank: Json): PaymentInput {
  const digits = (key: string, label: string, min: number, max: number): string | null => {
    const value = text(bank, key, 40);
    if (value === undefined) throw requiredError(label);
    if (MASKED.test(value)) return null;
    if (!/^\d+$/.test(value)) throw invalidError(label);
    if (value.length < min || value.length > max) throw new AnetError('E00015', `The field length is invalid for ${label}.`);
    return value;
  };
  return {
    kind: 'bankAccount',
    accountType: oneOf(bank, 'accountType', ['checking', 'savings', 'businessChecking'] as const) ?? 'checking',
    routingNumber: digits('routingNumber', 'Routing Number', 9, 9),
    accountNumber: digits('accountNumber', 'Account Number', 4, 17),
    nameOnAccount: text(bank, 'nameOnAccount', 22),
    bankName: text(bank, 'bankName', 50),
  };
}

/** Payment elements of Authorize.Net's schema that CIM does not process. */
const UNSUPPORTED_ELEMENTS = ['payPal', 'applePay', 'trackData', 'encryptedTrackData', 'emv'] as const;
/** opaqueData descriptors of wallets (Apple Pay, Google Pay, Visa Checkout): not a CIM result token. */
const WALLET_DESCRIPTOR = /^COMMON\.(APPLE|GOOGLE|VCO|SAMSUNG)\./i;

/**
 * True when `payment` asks for a method CIM does not process: PayPal, wallets,
 * card-present data, or a network token (isPaymentToken / cryptogram). Such a
 * payment is refused (reason 155), never charged as a plain card.
 */
export function isUnsupportedPayment(payment: Json): boolean {
  if (UNSUPPORTED_ELEMENTS.some((key) => payment[key] !== undefined)) return true;
  const card = child(payment, 'creditCard');
  if (card && (bool(card, 'isPaymentToken') === true || text(card, 'cryptogram', 8192) !== undefined)) return true;
  const opaque = child(payment, 'opaqueData');
  return opaque !== undefined && WALLET_DESCRIPTOR.test(text(opaque, 'dataDescriptor', 100) ?? '');
}

/** Reads `payment` (creditCard, bankAccount or opaqueData); undefined when absent. */
export function readPayment(payment: Json | undefined): PaymentInput | undefined {
  if (!payment) return undefined;
  if (isUnsupportedPayment(payment)) throw new AnetError('E00027', reasonText(155));
  const card = child(payment, 'creditCard');
  if (card) return readCard(card);
  const bank = child(payment, 'bankAccount');
  if (bank) return readBankAccount(bank);
  const opaque = child(payment, 'opaqueData');
  if (opaque) {
    const dataValue = text(opaque, 'dataValue', 8192);
    if (!dataValue) throw requiredError('Opaque Data Value');
    return { kind: 'opaqueData', dataDescriptor: text(opaque, 'dataDescriptor', 100) ?? '', dataValue };
  }
  throw new AnetError('E00029');
}

/** A full card for a new payment profile: a masked number or expiry cannot create one. */
export function newCard(input: Extract<PaymentInput, { kind: 'card' }>): CardInput {
  if (input.number === null) throw invalidError('Card Number');
  if (input.expiry === null) throw invalidError('Expiration Date');
  return { number: input.number, ...input.expiry, ...(input.cvc !== undefined && { cvc: input.cvc }) };
}

export function newBankAccount(input: Extract<PaymentInput, { kind: 'bankAccount' }>): BankAccountInput {
  if (input.routingNumber === null) throw invalidError('Routing Number');
  if (input.accountNumber === null) throw invalidError('Account Number');
  if (!input.nameOnAccount) throw requiredError('Name on Account');
  return {
    accountType: input.accountType,
    routingNumber: input.routingNumber,
    accountNumber: input.accountNumber,
    nameOnAccount: input.nameOnAccount,
    ...(input.bankName !== undefined && { bankName: input.bankName }),
  };
}
