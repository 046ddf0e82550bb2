/** Prices are integer cents in the shop and decimal strings ("12.34") on the wire: no floating point. */
export const toAmount = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

export const formatMoney = (cents: number): string => `$${toAmount(cents).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

export function amountToCents(amount: string): number {
  const match = /^(\d+)\.(\d{2})$/.exec(amount);
  if (!match) throw new Error(`not an amount: ${amount}`);
  return Number(match[1]) * 100 + Number(match[2]);
}
