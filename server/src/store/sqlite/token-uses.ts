import type { TokenUseStore } from '../types.ts';
import { insertOrDuplicate, type Executor } from './executor.ts';

export function sqliteTokenUses(x: Executor): TokenUseStore {
  const { db } = x;
  return {
    // The primary key on jti is what makes redemption single-use: of two inserts in
    // the same group commit, the second fails its savepoint, whatever the timing.
    insert: (u) =>
      x.write(() =>
        insertOrDuplicate(
          () => db.run('INSERT INTO used_checkout_tokens (jti, merchant_id, used_at, expires_at) VALUES (?, ?, ?, ?)', u.jti, u.merchantId, u.usedAt, u.expiresAt),
          'token_already_used',
          'This token has already been redeemed.',
        ),
      ),
    deleteExpiredBefore: (at) => x.write(() => db.run('DELETE FROM used_checkout_tokens WHERE expires_at < ?', at).changes),
  };
}
