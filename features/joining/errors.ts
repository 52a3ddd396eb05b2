// The error codes of joining by domain, as their route rows list them (and the OpenAPI document shows them).
import type { ErrorCodeSpec } from '../../shared/vocabulary/errors.js';

export const joiningErrors = {
  pending: {
    status: 409,
    code: 'join_request_pending',
    message: 'You already asked to join this organization; its admins have not answered yet. Cancel that request to send another.',
  },
  closed: {
    status: 409,
    code: 'join_request_closed',
    message: 'This join request was already approved, denied, cancelled or has expired.',
  },
  alreadyMember: { status: 409, code: 'already_member', message: 'You are already a member of this organization.' },
  emailNotVerified: {
    status: 403,
    code: 'email_not_verified',
    message: 'Your email address is not verified. Verify it with your identity provider, then try again.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;
