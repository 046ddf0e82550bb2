import { z } from 'zod';
import { containsCardNumber } from '../card/find-card-numbers.ts';

/** The zod issue param that marks a card number found in a free-text field; the server maps it to `card_data_not_allowed`. */
export const CARD_DATA_ISSUE = 'card_data_not_allowed';

/**
 * The one refinement for every free-text field (descriptions, names, address lines, ids the
 * merchant chooses): a card number there would be stored in clear, outside the vault, so
 * a value holding one — under any separator or digit form — is refused.
 */
export function noCardData<T extends z.ZodType<string | undefined>>(schema: T): T {
  return schema.refine((v) => v === undefined || !containsCardNumber(v), {
    message: 'must not contain a card number; card data goes only in the card fields',
    params: { code: CARD_DATA_ISSUE },
  }) as T;
}
