// The labelled write steps of invitations: creating one with its token item, holding and freeing the
// address's guard, closing, resending, and counting the address's emails.
import { conditions, type Expression, steps } from '../../shared/table/steps.js';
import { TABLE_DEFINITION } from '../../shared/table/table-definition.js';
import {
  type InvitationRecord,
  invitationEntity,
  invitationToken,
  type MailRate,
  mailRateKey,
  pendingInvitationGuard,
  rateSlot,
  tokenRecordOf,
} from './invitation-entity.js';

type InvitationAddress = Pick<InvitationRecord, 'org_id' | 'id' | 'email'>;

const pendingGuardOf = (invitation: InvitationRecord) => ({
  org_id: invitation.org_id,
  email: invitation.email,
  invitation_id: invitation.id,
  expires_at: invitation.expires_at,
});

export const create = (invitation: InvitationRecord) => [
  steps.put('new_item', invitationEntity.item(invitation), { condition: conditions.isNew }),
  steps.put('new_item', invitationToken.item(tokenRecordOf(invitation)), { condition: conditions.isNew }),
];

/** Takes the address's guard: free, or (with `replacing`) still held by that expired invitation. */
export const holdAddress = (invitation: InvitationRecord, replacing: string | undefined) =>
  steps.put('pending', pendingInvitationGuard.item(pendingGuardOf(invitation)), {
    condition: replacing === undefined ? conditions.isNew : { expression: 'invitation_id = :replaced', values: { ':replaced': replacing } },
  });

/** Closes the expired invitation a new one replaces. */
export const markReplaced = (orgId: string, invitationId: string, now: string) =>
  steps.update(
    'replaced',
    invitationEntity.key({ org_id: orgId, id: invitationId }),
    {
      expression: 'SET #status = :expired, updated_at = :now',
      names: { '#status': 'status' },
      values: { ':expired': 'expired', ':now': now },
    },
    { condition: { expression: '#status = :pending', names: { '#status': 'status' }, values: { ':pending': 'pending' } } },
  );

/** The update that closes an invitation, conditioned on it still being open (and, if given, unchanged or holding this token). */
export const close = (
  invitation: Pick<InvitationRecord, 'org_id' | 'id'>,
  status: 'revoked' | 'accepted' | 'declined',
  now: string,
  expect: { version?: number; tokenHash?: string; notExpiredAt?: string; acceptedBy?: string },
) =>
  steps.update(
    'invitation',
    invitationEntity.key(invitation),
    {
      expression: `SET #status = :status, responded_at = :now, updated_at = :now, version = version + :one${expect.acceptedBy ? ', accepted_by = :by' : ''}`,
      names: { '#status': 'status' },
      values: { ':status': status, ':now': now, ':one': 1, ...(expect.acceptedBy ? { ':by': expect.acceptedBy } : {}) },
    },
    {
      condition: conditions.all(
        { expression: '#status = :pending', names: { '#status': 'status' }, values: { ':pending': 'pending' } },
        expect.version === undefined ? undefined : { expression: 'version = :version', values: { ':version': expect.version } },
        expect.tokenHash === undefined ? undefined : { expression: 'token_hash = :hash', values: { ':hash': expect.tokenHash } },
        expect.notExpiredAt === undefined ? undefined : { expression: 'expires_at > :at', values: { ':at': expect.notExpiredAt } },
      ),
    },
  );

/** Frees the address for a new invitation (if this invitation still holds it). */
export const releaseAddress = (invitation: InvitationAddress) =>
  steps.delete('pending_limit', pendingInvitationGuard.key(invitation), {
    condition: { expression: 'invitation_id = :id', values: { ':id': invitation.id } },
  });

/** A resend: the new version over the one read (still pending), its new token in place of the old, the guard's expiry moved. */
export const resend = (current: InvitationRecord, next: InvitationRecord) => [
  steps.put('invitation', invitationEntity.item(next), {
    condition: {
      expression: 'version = :version AND #status = :pending',
      names: { '#status': 'status' },
      values: { ':version': current.version, ':pending': 'pending' },
    },
  }),
  steps.delete('invitation', invitationToken.key(current)),
  steps.put('invitation', invitationToken.item(tokenRecordOf(next)), { condition: conditions.isNew }),
  steps.put('invitation', pendingInvitationGuard.item(pendingGuardOf(next)), {
    condition: { expression: 'invitation_id = :id', values: { ':id': next.id } },
  }),
];

/** Counts one more email from the org to the address, if the window has room (see MailRate). */
export const countEmail = (rate: MailRate) => {
  const ttl = { '#ttl': TABLE_DEFINITION.timeToLiveAttribute };
  const common = { ':one': 1, ':now': rate.now, ':ttl': Math.floor(Date.parse(rate.now) / 1000) + 3600 };
  const firstEmail = rate.knownSends === undefined;
  const slot = rateSlot(rate.knownSends ?? 0, rate.slots);
  const condition: Expression = firstEmail
    ? { expression: 'attribute_not_exists(sends)' }
    : {
        expression: 'sends = :sends AND (attribute_not_exists(#slot) OR #slot <= :windowStart)',
        values: { ':sends': rate.knownSends, ':windowStart': rate.windowStart },
      };
  return steps.update(
    'rate',
    mailRateKey(rate.orgId, rate.email),
    {
      expression: `SET sends = ${firstEmail ? ':one' : 'sends + :one'}, #slot = :now, #ttl = :ttl`,
      names: { '#slot': slot, ...ttl },
      values: common,
    },
    { condition },
  );
};
