// How an invitation is shown, and why one that is no longer open cannot be used: shared by the
// admin's side (invitation-service.ts) and the link holder's (invitation-answers.ts).
import { ConflictError } from '../../shared/vocabulary/errors.js';
import { nowIso } from '../../shared/vocabulary/ids.js';
import { type InvitationRecord, invitationEntity } from './invitation-entity.js';
import type { Invitation } from './schemas.js';

export const INVITATION_NOT_FOUND = 'Invitation';

export const isExpired = (invitation: Pick<InvitationRecord, 'expires_at'>, now: string) => invitation.expires_at <= now;

export function toInvitation(record: InvitationRecord, now = nowIso()): Invitation {
  return {
    id: record.id,
    org_id: record.org_id,
    email: record.email,
    role: record.role,
    workspaces: record.workspaces,
    status: record.status === 'pending' && isExpired(record, now) ? 'expired' : record.status,
    expires_at: record.expires_at,
    invited_by: record.invited_by,
    email_status: record.email_status,
    created_at: record.created_at,
    updated_at: record.updated_at,
  };
}

/** The invitation in a failed step's item, if that item is one (a guard or token item is not). */
export function invitationIn(item: Record<string, unknown> | undefined): InvitationRecord | undefined {
  return invitationEntity.is(item) ? invitationEntity.parse(item!) : undefined;
}

/** Why a closed invitation cannot be resent or revoked. */
export function closedInvitation(invitation: Pick<InvitationRecord, 'status'> | undefined): Error {
  switch (invitation?.status) {
    case 'accepted':
      return new ConflictError('invitation_already_accepted', 'This invitation was already accepted.');
    case 'declined':
      return new ConflictError('invitation_declined', 'This invitation was declined. Send a new invitation instead.');
    case 'revoked':
      return new ConflictError('invitation_revoked', 'This invitation was revoked. Send a new invitation instead.');
    case 'expired':
      return new ConflictError('invitation_replaced', 'A newer invitation to this address replaced this one.');
    default:
      return new ConflictError(
        'concurrent_modification',
        'The invitation was changed by another request at the same time. Read it again and retry.',
      );
  }
}
