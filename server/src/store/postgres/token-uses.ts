import type { TokenUseStore } from '../types.ts';
import { affected, type Executor } from './database.ts';

export function postgresTokenUses(x: Executor): TokenUseStore {
  return {
    // The primary key is what makes redemption single-use: of two concurrent
    // inserts of one jti, PostgreSQL lets exactly one commit, on any instance.
    insert: async (u) => {
      await x.guarded(
        'INSERT INTO used_checkout_tokens (merchant_id, jti, used_at, expires_at) VALUES ($1, $2, $3, $4)',
        [u.merchantId, u.jti, u.usedAt, u.expiresAt],
        'token_already_used',
        'This token has already been redeemed.',
      );
    },
    deleteExpiredBefore: async (at) => affected(x, 'DELETE FROM used_checkout_tokens WHERE expires_at < $1', [at]),
  };
}
