// Cursors are opaque to clients and carry no table keys: only the id of the last item returned,
// from which the store rebuilds the start key inside the caller's own partition.
import { ValidationError } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isUuid = (value: string) => UUID.test(value);

export function encodeCursor(afterId: string | undefined): string | null {
  return afterId === undefined ? null : Buffer.from(JSON.stringify({ after: afterId })).toString('base64url');
}

/** The id a cursor continues after; 400 for anything this API did not hand out. */
export function decodeCursor(cursor: string | undefined, isValidId: (id: string) => boolean = isUuid): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const after = (decoded as { after?: unknown } | null)?.after;
    if (typeof after === 'string' && isValidId(after)) return after;
  } catch {
    // fall through to the client-facing error
  }
  throw new ValidationError('The cursor is not valid. Use next_cursor exactly as a previous page returned it.', [
    { field: 'query.cursor', message: 'is not a cursor this API returned' },
  ]);
}

/**
 * Stores query one item more than the page holds, so a cursor is only handed out when another
 * page really exists; DynamoDB alone would also return one when the page ends on the last item.
 */
export function takePage<T>(items: T[], limit: number, stoppedEarly: boolean, idOf: (item: T) => string) {
  const page = items.slice(0, limit);
  const more = items.length > limit || stoppedEarly;
  return { page, lastId: more && page.length > 0 ? idOf(page.at(-1)!) : undefined };
}
