/**
 * What each request field is, in a few words, for error messages a person can act on
 * ("origin is required: the https origin of the page that shows the checkout").
 * Keyed by the field's path without array indices ("card.number"), or by its name alone
 * where the name means one thing everywhere. Names that mean different things in
 * different requests (state, type, mode) are left out: their messages list the options.
 */
export const FIELD_HELP: Readonly<Record<string, string>> = {
  // Customers
  merchantCustomerId: 'your own id for the customer',
  email: 'an email address such as ada@example.com',
  description: 'free text for your own records (never card data)',
  customerProfileId: 'the id of a customer profile, 10 digits, as POST /v1/customers answered it',
  customerId: 'the id of a customer profile, 10 digits',
  customerType: 'individual or business',
  // Cards and bank accounts
  card: 'the card: an object with number, expMonth and expYear',
  number: 'the card number, 13 to 19 digits',
  'card.number': 'the card number, 13 to 19 digits',
  expMonth: 'the expiry month, 1 to 12',
  expYear: 'the expiry year, four digits such as 2030',
  cvc: 'the 3 or 4 digit security code on the card',
  bankAccount: 'the bank account: an object with accountType, routingNumber, accountNumber and nameOnAccount',
  accountType: 'checking, savings or businessChecking',
  routingNumber: 'the 9-digit ABA routing number',
  accountNumber: 'the account number, 4 to 17 digits',
  nameOnAccount: 'the account holder as the bank knows them',
  bankName: 'the name of the bank',
  paymentProfileId: 'the id of a payment profile of this customer, 10 digits',
  shippingAddressId: 'the id of a shipping address of this customer, 10 digits',
  isDefault: 'true or false',
  // Addresses
  billTo: 'the billing address: an object with firstName, lastName, address, city, state, zip, country',
  shipTo: 'the shipping address: an object with firstName, lastName, address, city, state, zip, country',
  firstName: 'the first name on the address',
  lastName: 'the last name on the address',
  company: 'the company on the address',
  address: 'the street address',
  city: 'the city',
  zip: 'the postal code',
  country: 'the country, best as a two-letter code such as US',
  phoneNumber: 'a phone number',
  // Charging
  amount: 'a decimal string such as "12.34", never a JSON number',
  trialAmount: 'a decimal string such as "0.00"',
  currency: 'an ISO 4217 code such as USD',
  token: 'the result token the checkout element gave your page',
  orderId: 'your order or invoice number',
  duplicateWindowSeconds: 'seconds, 0 to 28800, within which an identical charge is refused',
  createProfile: 'true to save the one-time card as a new customer profile',
  customer: 'an object with merchantCustomerId, email or description',
  decision: 'approve or decline',
  transactionId: 'the id of a transaction, 10 digits',
  // Checkout sessions
  origin: 'the https origin of the page that shows the checkout, such as https://shop.example',
  ttlSeconds: 'how long the session lives, 60 to 1800 seconds',
  allowRemove: 'true to let the shopper remove saved cards',
  billingAddress: 'postal (zip and country) or full',
  collectShipping: 'true to ask the shopper for a shipping address',
  confirm: 'true to answer the result token with the saved card',
  // Subscriptions and settings
  name: 'a name for the subscription',
  interval: 'an object with length and unit (days or months)',
  'interval.length': 'a whole number of days or months between charges',
  'interval.unit': 'days or months',
  startDate: 'a calendar date such as 2026-07-01',
  totalOccurrences: 'how many times to charge, 9999 for until canceled',
  trialOccurrences: 'how many charges use trialAmount',
  settlementCutoff: 'the daily settlement time in UTC, HH:MM such as 15:00',
  unlinkedCredits: 'true to allow refunds with no original transaction',
  // Lists
  limit: 'how many to answer, 1 to 100',
  cursor: 'the nextCursor of the previous page, as the API gave it',
  createdFrom: 'an ISO 8601 time with offset (2026-06-01T00:00:00Z) or a date (2026-06-01); inclusive',
  createdTo: 'an ISO 8601 time with offset (2026-07-01T00:00:00Z) or a date (2026-07-01); exclusive',
  since: 'an ISO 8601 time with offset or a date; inclusive',
  until: 'an ISO 8601 time with offset or a date; exclusive',
  expiringIn: 'the month, YYYY-MM',
  bin: 'true to show the first six digits',
  // Console
  password: 'your password',
  currentPassword: 'the password you signed in with',
  newPassword: 'the password you want from now on',
  q: 'a customer profile id, a merchantCustomerId or an email',
};

/** The help for a field path (array indices ignored): the whole path first, then its last name. */
export function fieldHelp(path: readonly PropertyKey[]): string | undefined {
  const names = path.filter((p) => typeof p === 'string');
  if (names.length === 0) return undefined;
  return FIELD_HELP[names.join('.')] ?? FIELD_HELP[names[names.length - 1]!];
}
