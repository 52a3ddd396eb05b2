// Optimistic concurrency for the API's resources: an entity tag is a digest of what a client was
// shown, so it changes exactly when the representation does (a rename, a role change), whatever
// the table keeps beside it. A write sent with If-Match goes ahead only if the tag still matches.
import { createHash } from 'node:crypto';
import { AppError } from './errors.js';

/** What an If-Match header asked for: any current representation (`*`), or one of these tags. */
export type IfMatch = { any: true } | { tags: readonly string[] };

/** JSON with object keys sorted, so that two equal representations always digest the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A strong entity tag for a representation: `"<128-bit digest>"`. */
export function entityTagOf(representation: unknown): string {
  return `"${createHash('sha256').update(canonicalJson(representation)).digest('base64url').slice(0, 22)}"`;
}

export class PreconditionFailedError extends AppError {
  constructor(what: string, currentTag: string) {
    super(
      412,
      'precondition_failed',
      `The ${what} has changed since you read it (its ETag is now ${currentTag}). Read it again and retry with the new ETag in If-Match.`,
      [{ field: 'header.if-match', message: `does not match the current ETag ${currentTag}` }],
      { ETag: currentTag },
    );
  }
}

/** Throws 412 unless the client's If-Match (if it sent one) names the representation as it is now. */
export function requireCurrent(ifMatch: IfMatch | undefined, what: string, current: unknown): void {
  if (!ifMatch || 'any' in ifMatch) return;
  const currentTag = entityTagOf(current);
  // Strong comparison (RFC 9110 13.1.1): a weak tag never matches.
  if (!ifMatch.tags.includes(currentTag)) throw new PreconditionFailedError(what, currentTag);
}

/**
 * For a write whose condition found the resource changed between our read and our write: with
 * If-Match the client asked for exactly this guarantee (412), without it they may simply retry (409).
 */
export function changedMeanwhile(ifMatch: IfMatch | undefined, what: string, conflict: () => Error): Error {
  if (!ifMatch || 'any' in ifMatch) return conflict();
  return new AppError(
    412,
    'precondition_failed',
    `The ${what} was changed by another request while yours was applied; nothing was changed. Read it again and retry with the new ETag in If-Match.`,
    [{ field: 'header.if-match', message: 'no longer matches the current ETag' }],
  );
}
