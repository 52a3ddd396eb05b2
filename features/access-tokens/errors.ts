// The error codes of the access-token routes beyond those their shape brings (route-error-codes.ts).
import type { ErrorCodeSpec } from '../../shared/vocabulary/errors.js';

export const accessTokenErrors = {
  /** KMS throttled or failed: the key route has no table, so its shape alone would not list the 503. */
  signingKeyUnavailable: {
    status: 503,
    code: 'service_unavailable',
    message: 'The service is busy. Retry after the delay in Retry-After.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;
