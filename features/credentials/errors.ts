// The error codes of credentials, as their route rows list them (and the OpenAPI document shows them).
import { ConflictError, type ErrorCodeSpec } from '../../shared/vocabulary/errors.js';

export const SECRET_MAX_BYTES = 16 * 1024;

export const credentialErrors = {
  nameTaken: {
    status: 409,
    code: 'credential_name_taken',
    message: 'This workspace already has a credential of that name (names compare case-insensitively). Choose another name.',
  },
  limitReached: {
    status: 409,
    code: 'credential_limit_reached',
    message: 'This workspace already holds the maximum of 200 credentials. Delete one first.',
  },
  personalNameTaken: {
    status: 409,
    code: 'credential_name_taken',
    message:
      'You already have a personal credential of that name in this organization (names compare case-insensitively). Choose another name.',
  },
  personalLimitReached: {
    status: 409,
    code: 'credential_limit_reached',
    message: 'You already hold the maximum of 200 personal credentials in this organization. Delete one first.',
  },
  noPreviousVersion: {
    status: 409,
    code: 'no_previous_version',
    message: 'There is no earlier version to roll back to: none was replaced in the last 7 days.',
  },
  secretTooLarge: {
    status: 413,
    code: 'secret_too_large',
    message: `The secret is larger than ${SECRET_MAX_BYTES} bytes (as JSON). Store less in one credential.`,
  },
  /** KMS throttled or failed: nothing was written; retry. */
  keyServiceUnavailable: {
    status: 503,
    code: 'service_unavailable',
    message: 'The service is busy. Retry after the delay in Retry-After.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;

/** What a missing credential is called in its 404. */
export const CREDENTIAL_NOT_FOUND = 'Credential';

export const concurrentChange = () =>
  new ConflictError('concurrent_modification', 'The credential was changed by another request at the same time. Read it again and retry.');
