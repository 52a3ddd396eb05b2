// The error codes of API keys, as their route rows list them (and the OpenAPI document shows them).
import type { ErrorCodeSpec } from '../../shared/vocabulary/errors.js';

export const apiKeyErrors = {
  limitReached: {
    status: 409,
    code: 'api_key_limit_reached',
    message: 'This workspace already has the maximum of 50 API keys that are not revoked. Revoke one first.',
  },
  revoked: {
    status: 409,
    code: 'api_key_revoked',
    message: 'The API key is revoked; a revoked key cannot be renamed or rotated. Create a new one.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;
