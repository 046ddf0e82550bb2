import { IdTakenError } from '../errors.ts';
import { newNumericId } from '../ids.ts';

const ATTEMPTS = 5;

/**
 * Runs `attempt` with a new random record id, drawing another when the store reports the
 * id already taken (ids are 10 random digits; at benchmark volume two draws meet). The
 * attempt must seal with the id it is given: ciphertexts are bound to their record id.
 */
export async function withFreshId<T>(attempt: (id: string) => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt(newNumericId());
    } catch (error) {
      if (!(error instanceof IdTakenError) || i >= ATTEMPTS) throw error;
    }
  }
}
