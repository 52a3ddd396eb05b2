// An invitation and its companions, all written in the invitation's own transactions: the PENDING#
// guard (one open invitation per address and org), the TOKEN# item (how a link finds its
// invitation), and the MAILRATE# log (how many invitation emails an org sent an address lately).
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';
import { normalizeEmail } from '../../shared/vocabulary/email-address.js';
import { ROLE_KEYS } from '../../shared/vocabulary/policy.js';
import { INVITATION_STATUSES } from './invitation-status.js';

const grant = shape.object({ workspace_id: shape.string, role: shape.oneOf(ROLE_KEYS) });

const invitationRecord = shape.object({
  id: shape.string,
  org_id: shape.string,
  /** As the inviter typed it (trimmed); compared through normalizeEmail. */
  email: shape.string,
  role: shape.oneOf(ROLE_KEYS),
  workspaces: shape.array(grant),
  /** `expired` is stored only when a new invitation replaced an expired one; otherwise it is derived from expires_at. */
  status: shape.oneOf(INVITATION_STATUSES),
  expires_at: shape.string,
  invited_by: shape.object({ user_id: shape.string, name: shape.nullable(shape.string), email: shape.string }),
  email_status: shape.oneOf(['queued', 'sent', 'failed']),
  /** The outbox item of the latest email; an older one still queued is dropped, not sent. */
  send_id: shape.string,
  /** SHA-256 of the token in the latest email; the token itself is never stored. */
  token_hash: shape.string,
  /** The org's email count to the address (see the mail rate log) after this invitation's latest email: a resend's first guess. */
  mail_log_sends: shape.optional(shape.number),
  created_at: shape.string,
  updated_at: shape.string,
  responded_at: shape.optional(shape.string),
  accepted_by: shape.optional(shape.string),
  version: shape.number,
});

export type InvitationRecord = Stored<typeof invitationRecord>;
export type WorkspaceGrant = InvitationRecord['workspaces'][number];

export const invitationEntity = defineEntity({
  type: 'invitation',
  shape: invitationRecord,
  key: (invitation: Pick<InvitationRecord, 'org_id' | 'id'>) => ({
    pk: orgPartition(invitation.org_id),
    sk: PREFIXES.invitation + invitation.id,
  }),
  indexKeys: (invitation) => inviteeIndexKeys(invitation),
});

function inviteeIndexKeys(invitation: Pick<InvitationRecord, 'id' | 'email'>) {
  return { gsi1pk: PREFIXES.invitee + normalizeEmail(invitation.email), gsi1sk: PREFIXES.invitation + invitation.id };
}

/** Table and index keys of an invitation: where a page of the person index continues after it. */
export const invitationPosition = (invitation: Pick<InvitationRecord, 'org_id' | 'id' | 'email'>) => ({
  ...invitationEntity.key(invitation),
  ...inviteeIndexKeys(invitation),
});

/** The org and invitation ids in an invitation's primary key, e.g. where a person-index page stopped. */
export function invitationAddressOf(key: { pk: string; sk: string }): { orgId: string; invitationId: string } {
  return { orgId: key.pk.slice(PREFIXES.org.length), invitationId: key.sk.slice(PREFIXES.invitation.length) };
}

/** One open invitation per address and org; it carries the expiry, so an expired one can be replaced. */
export const pendingInvitationGuard = defineEntity({
  type: 'pending_invitation',
  shape: shape.object({ invitation_id: shape.string, expires_at: shape.string }),
  key: (guard: { org_id: string; email: string }) => ({
    pk: orgPartition(guard.org_id),
    sk: PREFIXES.pendingInvitation + normalizeEmail(guard.email),
  }),
});

const invitationTokenRecord = shape.object({
  org_id: shape.string,
  invitation_id: shape.string,
  email: shape.string,
  role: shape.oneOf(ROLE_KEYS),
  workspaces: shape.array(grant),
  expires_at: shape.string,
});

/** What accepting or declining needs, found from the link's token in one read. */
export type InvitationTokenRecord = Stored<typeof invitationTokenRecord>;

export const invitationToken = defineEntity({
  type: 'invitation_token',
  shape: invitationTokenRecord,
  key: (token: { token_hash: string }) => ({ pk: PREFIXES.invitationToken + token.token_hash, sk: 'INVITATION' }),
  // Kept a month past expiry so a late click still learns the invitation expired, then dropped.
  expiresAt: (token) => ({ at: token.expires_at, plusDays: 30 }),
});

export const invitationRanges = {
  invitationsOfOrg: (orgId: string) => ({ partition: orgPartition(orgId), prefix: PREFIXES.invitation }),
  invitationsOfInvitee: (email: string) => ({ partition: PREFIXES.invitee + normalizeEmail(email), prefix: PREFIXES.invitation }),
};

/** The token item's record, copied from its invitation. */
export function tokenRecordOf(invitation: InvitationRecord): InvitationTokenRecord & { token_hash: string } {
  const { org_id, id, email, role, workspaces, expires_at, token_hash } = invitation;
  return { org_id, invitation_id: id, email, role, workspaces, expires_at, token_hash };
}

/**
 * The invitation emails one org queued to one address, as a sliding log of the last few: `sends` counts
 * them all and slot `sends % slots` holds the oldest of the last `slots`, the one a new email
 * overwrites. Without a known count, the step assumes a first email and, if wrong, fails with the
 * item as it is, so the caller learns the count and tries again.
 */
export interface MailRate {
  orgId: string;
  email: string;
  /** Emails the org queued to the address so far, if known from a read or a failed attempt. */
  knownSends: number | undefined;
  now: string;
  /** The oldest send that still counts: `now` minus the window. */
  windowStart: string;
  slots: number;
}

export const rateSlot = (sends: number, slots: number) => `slot${sends % slots}`;

// Per org, so that one org's emails never hold back another's (issue 11): the ceiling across orgs is a quota of its own.
export const mailRateKey = (orgId: string, email: string) => ({ pk: PREFIXES.mailRate + normalizeEmail(email), sk: PREFIXES.org + orgId });
