/**
 * Authorize.Net's response reason codes that CIM emits or its sandbox can
 * trigger, with the texts of Authorize.Net's response-code list word for word
 * (integrations compare them), and the response code each belongs to
 * (1 approved, 2 declined, 3 error, 4 held for review).
 */
export interface ReasonCode {
  responseCode: 1 | 2 | 3 | 4;
  text: string;
}

const DECLINED = 'This transaction has been declined.';
const TRY_AGAIN = 'An error occurred during processing. Please try again.';
const CANNOT_PROCESS = 'This transaction cannot be processed.';
const UNDER_REVIEW = 'The transaction is currently under review.';
const RECEIVED = 'Your order has been received. Thank you for your business!';

const declined = (text = DECLINED): ReasonCode => ({ responseCode: 2, text });
const error = (text: string): ReasonCode => ({ responseCode: 3, text });

export const REASON_CODES: Readonly<Record<number, ReasonCode>> = {
  1: { responseCode: 1, text: 'This transaction has been approved.' },
  2: declined(),
  3: declined(),
  4: declined(),
  5: error('A valid amount is required.'),
  6: error('The credit card number is invalid.'),
  7: error('Credit card expiration date is invalid.'),
  8: error('The credit card has expired.'),
  9: error('The ABA code is invalid'),
  10: error('The account number is invalid'),
  11: error('A duplicate transaction has been submitted.'),
  12: error('An authorization code is required but not present.'),
  13: error('The merchant login ID or password is invalid or the account is inactive.'),
  15: error('The transaction ID is invalid or not present.'),
  16: error('The transaction cannot be found.'),
  17: error('The merchant does not accept this type of credit card.'),
  18: error('ACH transactions are not accepted by this merchant.'),
  19: error('An error occurred during processing. Please try again in 5 minutes.'),
  20: error(TRY_AGAIN),
  21: error(TRY_AGAIN),
  22: error(TRY_AGAIN),
  23: error(TRY_AGAIN),
  25: error(TRY_AGAIN),
  26: error(TRY_AGAIN),
  27: declined('The transaction has been declined because of an AVS mismatch. The address provided does not match billing address of cardholder.'),
  28: error('The merchant does not accept this type of credit card.'),
  33: error('%s cannot be left blank.'),
  36: error('The authorization was approved but settlement failed.'),
  37: error('The credit card number is invalid.'),
  39: error('The supplied currency code is either invalid, not supported, not allowed for this merchant or doesnt have an exchange rate.'),
  41: declined(),
  42: error('There is missing or invalid information in a required field.'),
  44: declined(),
  45: declined(),
  47: error('The amount requested for settlement cannot be greater than the original amount authorized.'),
  49: error('The transaction amount submitted was greater than the maximum amount allowed.'),
  50: error('This transaction is awaiting settlement and cannot be refunded.'),
  51: error('The sum of all credits against this transaction is greater than the original transaction amount.'),
  54: error('The referenced transaction does not meet the criteria for issuing a credit.'),
  55: error('The sum of credits against the referenced transaction would exceed original debit amount.'),
  56: error('Credit card transactions are not accepted by this merchant.'),
  57: error(TRY_AGAIN),
  58: error(TRY_AGAIN),
  59: error(TRY_AGAIN),
  60: error(TRY_AGAIN),
  61: error(TRY_AGAIN),
  62: error(TRY_AGAIN),
  63: error(TRY_AGAIN),
  64: error('The referenced transaction was not approved.'),
  65: declined(),
  66: error('This transaction cannot be accepted for processing.'),
  69: error('The transaction type is invalid'),
  70: error('The transaction method is invalid.'),
  71: error('The bank account type is invalid.'),
  72: error('The authorization code is invalid.'),
  78: error('The Card Code (CVV2/CVC2/CID) is invalid.'),
  93: error('A valid country is required.'),
  95: error('A valid state is required.'),
  100: error('The eCheck type parameter is invalid.'),
  101: error('The given name on the account and/or the account type does not match the actual account.'),
  102: error('This request cannot be accepted.'),
  103: error('This transaction cannot be accepted.'),
  104: error(UNDER_REVIEW),
  105: error(UNDER_REVIEW),
  106: error(UNDER_REVIEW),
  107: error(UNDER_REVIEW),
  108: error(UNDER_REVIEW),
  109: error(UNDER_REVIEW),
  110: error(UNDER_REVIEW),
  111: error('A valid billing country is required.'),
  112: error('A valid billing state/province is required.'),
  120: error(TRY_AGAIN),
  121: error(TRY_AGAIN),
  122: error(TRY_AGAIN),
  123: error('This account has not been given the permission(s) required for this request.'),
  127: error('The transaction resulted in an AVS mismatch. The address provided does not match billing address of cardholder.'),
  128: error(CANNOT_PROCESS),
  141: declined(),
  145: declined(),
  152: error('The transaction was authorized but the client could not be notified; it will not be settled.'),
  153: error('There was an error processing the payment data.'),
  155: error('This processor does not support this method of submitting payment data.'),
  156: error('The cryptogram is either invalid or cannot be used in combination with other parameters.'),
  165: declined(),
  170: error('An error occurred during processing. Please contact the merchant.'),
  174: error('The transaction type is invalid. Please contact the merchant.'),
  175: error('This processor does not allow voiding of credits.'),
  180: error(TRY_AGAIN),
  181: error(TRY_AGAIN),
  185: error(CANNOT_PROCESS),
  191: declined(),
  192: error(TRY_AGAIN),
  193: { responseCode: 4, text: UNDER_REVIEW },
  200: declined('This transaction has been declined'),
  201: declined('This transaction has been declined'),
  202: declined('This transaction has been declined'),
  203: declined('This transaction has been declined'),
  250: declined(),
  251: declined(),
  252: { responseCode: 4, text: RECEIVED },
  253: { responseCode: 4, text: RECEIVED },
  254: declined(),
  261: error(TRY_AGAIN),
  288: error('This transaction cannot be accepted.'),
  289: error('This processor does not accept zero dollar authorization for this card type.'),
  290: error('There is one or more missing or invalid required fields.'),
  310: error('This transaction has already been voided.'),
  311: error('This transaction has already been captured.'),
};

/** The official text of a reason code CIM emits; throws for one it does not know (a bug, caught by tests). */
export function reasonText(code: number): string {
  const known = REASON_CODES[code];
  if (!known) throw new Error(`Unknown Authorize.Net reason code ${code}`);
  return known.text;
}

/** [code, official text], the pair transaction answers carry. */
export const reason = (code: number): [number, string] => [code, reasonText(code)];
