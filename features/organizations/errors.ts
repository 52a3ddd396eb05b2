// The error codes of organizations, as their route rows list them (and the OpenAPI document shows them).
import type { ErrorCodeSpec } from '../../shared/vocabulary/errors.js';

export const orgErrors = {
  tooManyCreated: {
    status: 429,
    code: 'too_many_orgs_created',
    message: 'You created 5 organizations today, the most one person may in a day. Try again in 3600 seconds.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;
