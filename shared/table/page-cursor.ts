// Cursors are opaque to clients and carry no table keys: the id of the last item returned and an
// HMAC over that id and the list it came from (which list, in which org, for whom). A cursor that
// was edited, forged, or handed out by any other list (the same list in another org) is refused
// with a 400 rather than followed. The key is the deployment's own (CURSOR_SIGNING_KEY).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { config } from '../config.js';
import { ValidationError } from '../vocabulary/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isUuid = (value: string) => UUID.test(value);

/** Names one list: e.g. `['workspaces', orgId]`. */
export type CursorScope = readonly string[];

// 128 bits of the HMAC: forging one is as hard as guessing a random UUID.
const signature = (afterId: string, scope: CursorScope) =>
  createHmac('sha256', config().cursorSigningKey)
    .update([...scope, afterId].join('\n'))
    .digest()
    .subarray(0, 16);

export function encodeCursor(afterId: string | undefined, scope: CursorScope): string | null {
  if (afterId === undefined) return null;
  return `${Buffer.from(afterId).toString('base64url')}.${signature(afterId, scope).toString('base64url')}`;
}

/** The id a cursor continues after; 400 for anything this list did not hand out. */
export function decodeCursor(
  cursor: string | undefined,
  scope: CursorScope,
  isValidId: (id: string) => boolean = isUuid,
): string | undefined {
  if (cursor === undefined) return undefined;
  const [encodedId, encodedSignature, ...rest] = cursor.split('.');
  if (encodedId && encodedSignature && rest.length === 0) {
    const afterId = Buffer.from(encodedId, 'base64url').toString('utf8');
    const given = Buffer.from(encodedSignature, 'base64url');
    const expected = signature(afterId, scope);
    if (isValidId(afterId) && given.length === expected.length && timingSafeEqual(given, expected)) return afterId;
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
