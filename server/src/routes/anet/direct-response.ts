import type { Address } from '@cim/shared';

/** The fields a direct response reports; everything else of the 68 stays empty. */
export interface DirectResponseInput {
  /** 1 approved, 2 declined, 3 error, 4 held for review. */
  responseCode: '1' | '2' | '3' | '4';
  reasonCode: string;
  reasonText: string;
  authCode?: string | undefined;
  avsResultCode?: string | undefined;
  transId: string;
  invoiceNumber?: string | undefined;
  description?: string | undefined;
  amount: string;
  method: 'CC' | 'ECHECK';
  type: 'auth_only' | 'auth_capture' | 'prior_auth_capture' | 'credit' | 'void';
  customerId?: string | undefined;
  billTo?: Address | undefined;
  email?: string | undefined;
  shipTo?: Address | undefined;
  cardCodeResponse?: string | undefined;
  cavvResultCode?: string | undefined;
  /** Already masked: "XXXX1111". */
  accountNumber: string;
  cardType: string;
}

export const DIRECT_RESPONSE_FIELDS = 68;

// The string is split on commas by every client, so a comma inside a value would shift
// every later field; the real service has the same hazard and merchants avoid commas.
const clean = (value: string | undefined) => (value ?? '').replace(/[,\r\n]/g, ' ');

/**
 * The comma-delimited AIM response string Authorize.Net returns as
 * `directResponse` / `validationDirectResponse`: 68 positional fields
 * (1-based positions in the comments).
 */
export function buildDirectResponse(r: DirectResponseInput): string {
  const f: string[] = new Array<string>(DIRECT_RESPONSE_FIELDS).fill('');
  const set = (position: number, value: string | undefined) => {
    f[position - 1] = clean(value);
  };
  set(1, r.responseCode);
  set(2, '1'); // response subcode
  set(3, r.reasonCode);
  set(4, r.reasonText);
  set(5, r.authCode);
  set(6, r.avsResultCode);
  set(7, r.transId);
  set(8, r.invoiceNumber ?? 'none');
  set(9, r.description);
  set(10, r.amount);
  set(11, r.method);
  set(12, r.type);
  set(13, r.customerId);
  const b = r.billTo ?? {};
  [b.firstName, b.lastName, b.company, b.address, b.city, b.state, b.zip, b.country, b.phoneNumber].forEach((v, i) => set(14 + i, v));
  // 23 fax: not stored.
  set(24, r.email);
  const s = r.shipTo ?? {};
  [s.firstName, s.lastName, s.company, s.address, s.city, s.state, s.zip, s.country].forEach((v, i) => set(25 + i, v));
  set(33, '0.00'); // tax
  set(34, '0.00'); // duty
  set(35, '0.00'); // freight
  set(36, 'FALSE'); // tax exempt
  set(37, 'none'); // PO number
  // 38 MD5 hash: retired by Authorize.Net, left empty.
  set(39, r.cardCodeResponse);
  set(40, r.cavvResultCode);
  set(51, r.accountNumber);
  set(52, r.cardType);
  return f.join(',');
}
