// The Idempotency-Key header, checked with the rest of the request; the table work is in idempotency.ts.
import { ValidationError } from '../vocabulary/errors.js';

export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (IDEMPOTENCY_KEY_PATTERN.test(header)) return header;
  throw new ValidationError('The Idempotency-Key header must be 1 to 255 visible ASCII characters, such as a UUID.', [
    { field: 'header.idempotency-key', message: 'must be 1 to 255 visible ASCII characters' },
  ]);
}
