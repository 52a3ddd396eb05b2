// Cursors are opaque to clients and carry no table keys: the id of the last item returned, and a
// fingerprint of the list it came from (which list, in which org, for whom), so a cursor used on
// any other list, such as the same list in another org, is refused rather than followed.
import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isUuid = (value: string) => UUID.test(value);

/** Names one list: e.g. `['workspaces', orgId]`. */
export type CursorScope = readonly string[];

const fingerprint = (scope: CursorScope) => createHash('sha256').update(scope.join('\n')).digest('base64url').slice(0, 16);

export function encodeCursor(afterId: string | undefined, scope: CursorScope): string | null {
  if (afterId === undefined) return null;
  return Buffer.from(JSON.stringify({ after: afterId, list: fingerprint(scope) })).toString('base64url');
}

/** The id a cursor continues after; 400 for anything this list did not hand out. */
export function decodeCursor(cursor: string | undefined, scope: CursorScope, isValidId: (id: string) => boolean = isUuid): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown; list?: unknown } | null;
    if (typeof decoded?.after === 'string' && isValidId(decoded.after) && decoded.list === fingerprint(scope)) return decoded.after;
  } catch {
    // fall through to the client-facing error
  }
  throw new ValidationError('The cursor is not valid for this list. Use next_cursor exactly as this list returned it.', [
    { field: 'query.cursor', message: 'is not a cursor this list returned' },
  ]);
}

/**
 * Stores query one item more than the page holds, so a cursor is only handed out when another
 * page really exists; DynamoDB alone would also return one when the page ends on the last item.
 * When DynamoDB stopped early (its 1 MB page size, or a filter that dropped items) the cursor
 * continues after the last item it looked at, `lastEvaluatedId`, even if the page is short or empty.
 */
export function takePage<T>(items: T[], limit: number, lastEvaluatedId: string | undefined, idOf: (item: T) => string) {
  const page = items.slice(0, limit);
  if (items.length > limit) return { page, lastId: idOf(page.at(-1)!) };
  return { page, lastId: lastEvaluatedId };
}
