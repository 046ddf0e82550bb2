/**
 * Authorize.Net result messages: the codes and texts the real service answers
 * with, so integrations that branch on `messages.message[0].code` (or parse the
 * duplicate id out of the E00039 text) keep working.
 */
export const ANET_TEXT = {
  I00001: 'Successful.',
  I00002: 'The subscription has already been canceled.',
  I00004: 'No records found.',
  E00001: 'An error occurred during processing. Please try again.',
  E00003: 'An error occurred while parsing the XML request.',
  E00004: 'The name of the requested API method is invalid.',
  E00007: 'User authentication failed due to invalid authentication values.',
  E00013: 'The field is invalid.',
  E00014: 'A required field is not present.',
  E00015: 'The field length is invalid.',
  E00017: 'The start date cannot occur in the past.',
  E00022: 'The interval length cannot exceed 365 days or 12 months.',
  E00024: 'Trial Occurrences is required when Trial Amount is specified.',
  E00026: 'Both Trial Amount and Trial Occurrences are required.',
  E00027: 'The transaction was unsuccessful.',
  E00028: 'Trial Occurrences must be less than Total Occurrences.',
  E00029: 'Payment information is required.',
  E00030: 'The payment schedule is required.',
  E00031: 'The amount is required.',
  E00032: 'The start date is required.',
  E00033: 'The start date cannot be changed.',
  E00034: 'The interval information cannot be changed.',
  E00035: 'The subscription cannot be found.',
  E00037: 'The subscription cannot be updated.',
  E00038: 'The subscription cannot be canceled.',
  E00039: 'A duplicate record already exists.',
  E00040: 'The record cannot be found.',
  E00041: 'One or more fields in the profile must contain a value.',
  E00042: 'You cannot add more than 10 payment profiles.',
  E00043: 'You cannot add more than 100 shipping addresses.',
  E00098: 'Customer Profile ID or Shipping Profile ID not found.',
  E00102: 'Customer Info is missing.',
  E00114: 'Invalid OTS Token.',
  E00115: 'Expired OTS Token.',
  E00121: 'No default payment/shipping profile found.',
} as const;

export type AnetCode = keyof typeof ANET_TEXT;

export interface AnetMessage {
  code: string;
  text: string;
}

/**
 * A failure answered as `resultCode: "Error"` (HTTP 200, as the real service does).
 * `fields` are operation fields the response still carries, e.g. the existing
 * ids on a duplicate. Texts never contain card or account numbers.
 */
export class AnetError extends Error {
  readonly anetCode: AnetCode;
  readonly fields: Record<string, unknown>;

  constructor(code: AnetCode, text: string = ANET_TEXT[code], fields: Record<string, unknown> = {}) {
    super(text);
    this.name = new.target.name;
    this.anetCode = code;
    this.fields = fields;
  }
}

const SCHEMA = 'AnetApi/xml/v1/schema/AnetApiSchema.xsd';

/** E00003 in the real service's words for a schema violation, naming the element but never echoing its value. */
export function schemaError(field: string, problem: string): AnetError {
  return new AnetError('E00003', `The '${SCHEMA}:${field}' element is invalid - ${problem}`);
}

export const requiredError = (label: string) => new AnetError('E00014', `${label} is required.`);
export const invalidError = (label: string) => new AnetError('E00013', `${label} is invalid.`);
