// The error codes of access requests, as their route rows list them (and the OpenAPI document shows them).
import type { ErrorCodeSpec } from '../../shared/vocabulary/errors.js';
import { PENDING_ACCESS_REQUEST_LIMIT } from './access-request-terms.js';

export const accessRequestErrors = {
  pending: {
    status: 409,
    code: 'access_request_pending',
    message: 'You already have a pending request for this workspace. Wait for its answer, or cancel it first.',
  },
  alreadyMember: {
    status: 409,
    code: 'already_workspace_member',
    message: 'You already have a role in this workspace.',
  },
  limitReached: {
    status: 409,
    code: 'access_request_limit_reached',
    message: `You have ${PENDING_ACCESS_REQUEST_LIMIT} pending access requests in this organization, the most one person may have. Cancel one or wait for answers.`,
  },
  closed: {
    status: 409,
    code: 'access_request_closed',
    message: 'The request is no longer pending: it was approved, denied, cancelled or has expired.',
  },
  requesterGone: {
    status: 409,
    code: 'requester_not_member',
    message: 'The requester is no longer a member of the organization, or is an org admin now.',
  },
  tooManyEmails: {
    status: 429,
    code: 'too_many_access_requests',
    message: 'You have made as many access requests as one person may in this hour or day.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;
