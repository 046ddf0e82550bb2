import { cvcLengthFor, type CardBrand } from './brands.ts';

/** CVC is 4 digits for American Express, 3 for every other brand. */
export function checkCvc(cvc: string, brand: CardBrand): boolean {
  return new RegExp(`^[0-9]{${cvcLengthFor(brand)}}$`).test(cvc);
}
