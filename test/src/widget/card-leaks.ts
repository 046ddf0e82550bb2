/**
 * Looks for a card number or security code in text the shop page could see. Result tokens are
 * taken out first (base64 can spell anything), then the number is searched for in every
 * 8-digit window, with spaces and dashes removed so a formatted "4111 1111 …" counts too.
 */
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/g;

export function findCardData(texts: string[], card: { number: string; cvc: string }): string[] {
  const windows = Array.from({ length: card.number.length - 7 }, (_, i) => card.number.slice(i, i + 8));
  const cvc = new RegExp(`(?<![0-9])${card.cvc}(?![0-9])|"cvc"`);
  const found: string[] = [];
  for (const text of texts) {
    const clean = text.replace(JWT, '<jwt>');
    const digits = clean.replace(/[\s-]/g, '');
    if (windows.some((w) => digits.includes(w))) found.push(`card number in: ${clean.slice(0, 200)}`);
    if (cvc.test(clean)) found.push(`security code in: ${clean.slice(0, 200)}`);
  }
  return found;
}
