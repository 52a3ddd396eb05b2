// The error codes of invitations, as their route rows list them (and the OpenAPI document shows
// them). An invitation that is no longer open is a 409 to the admin who would revoke or resend it,
// and a 410 to the holder of its link.
import type { ErrorCodeSpec } from '../../shared/vocabulary/errors.js';

export const invitationErrors = {
  alreadyMember: { status: 409, code: 'already_member', message: 'bob@example.com is already a member of this organization.' },
  pending: {
    status: 409,
    code: 'invitation_pending',
    message: 'bob@example.com already has a pending invitation to this organization. Resend it instead.',
  },
  pendingLimit: {
    status: 409,
    code: 'pending_invitation_limit',
    message:
      'This organization already has 200 open invitations. Revoke some (expired ones count until revoked or replaced) before inviting more.',
  },
  tooManyEmails: {
    status: 429,
    code: 'too_many_invitation_emails',
    message: 'bob@example.com was sent 3 invitation emails in the last 60 seconds. Try again in 42 seconds.',
  },
  tooManyFromInviter: {
    status: 429,
    code: 'too_many_invitations_from_inviter',
    message: 'You sent 20 invitation emails in this hour, the most one person may. Try again in 1200 seconds.',
  },
  tooManyFromOrg: {
    status: 429,
    code: 'too_many_invitations_from_org',
    message: 'This organization sent 50 invitation emails in this hour, the most it may. Try again in 1200 seconds.',
  },
  tooManyToAddress: {
    status: 429,
    code: 'too_many_invitations_to_address',
    message: 'bob@example.com was sent 10 invitation emails from organizations in this hour. Try again in 1200 seconds.',
  },
  emailNotVerified: {
    status: 403,
    code: 'email_not_verified',
    message: 'Your email address is not verified. Verify it with your identity provider, then accept again.',
  },
  emailMismatch: {
    status: 403,
    code: 'invitation_email_mismatch',
    message: 'This invitation is for another email address. Sign in as bob@example.com to accept it.',
  },
  alreadyAccepted: { status: 409, code: 'invitation_already_accepted', message: 'This invitation has already been accepted.' },
  declinedForAdmin: { status: 409, code: 'invitation_declined', message: 'This invitation was declined. Send a new invitation instead.' },
  revokedForAdmin: { status: 409, code: 'invitation_revoked', message: 'This invitation was revoked. Send a new invitation instead.' },
  replaced: { status: 409, code: 'invitation_replaced', message: 'A newer invitation to this address replaced this one.' },
  declined: { status: 410, code: 'invitation_declined', message: 'This invitation was declined. Ask for a new one.' },
  revoked: { status: 410, code: 'invitation_revoked', message: 'This invitation was revoked by the organization. Ask for a new one.' },
  expired: { status: 410, code: 'invitation_expired', message: 'This invitation has expired. Ask for a new one.' },
} as const satisfies Record<string, ErrorCodeSpec>;
