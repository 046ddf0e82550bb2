export function lastFour(digits: string): string {
  return digits.slice(-4);
}

/** Authorize.Net style mask: "XXXX1111". */
export function maskXXXX(digits: string): string {
  return `XXXX${lastFour(digits)}`;
}

/** Issuer identification number: first six digits, safe to show with the last four. */
export function bin(digits: string): string {
  return digits.slice(0, 6);
}
