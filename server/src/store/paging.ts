import { CimError } from '../errors.ts';
import type { PageRequest, PageResult } from './types.ts';
import { isRecordId } from '../ids.ts';

/** Keyset cursors over (created_at, id): stable while rows are added or removed. */
export interface Keyset {
  createdAt: string;
  id: string;
}

export function encodeCursor(key: Keyset): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Keyset | null {
  if (!cursor) return null;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string' && isRecordId(id)) return { createdAt, id };
  } catch {
    // fall through: a cursor we cannot read is the client's mistake, not a first page
  }
  throw new CimError('invalid_request', 'The cursor is not one this API returned.', { field: 'cursor' });
}

/** Fetches limit+1 rows so the presence of a next page is known without a count. */
export function pageOf<T extends { createdAt: string; id: string }>(rows: T[], page: PageRequest): PageResult<T> {
  const more = rows.length > page.limit;
  const kept = more ? rows.slice(0, page.limit) : rows;
  const last = kept[kept.length - 1];
  return { rows: kept, nextCursor: more && last ? encodeCursor(last) : null };
}
