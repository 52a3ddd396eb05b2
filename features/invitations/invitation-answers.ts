// The link holder's side of invitations: what a link offers, accepting, declining, and a person's
// own pending invitations across orgs.
import type { PageQuery } from '../../shared/http/schemas.js';
import { decodeCursor, encodeCursor } from '../../shared/table/page-cursor.js';
import { normalizeEmail } from '../../shared/vocabulary/email-address.js';
import { ConflictError, ForbiddenError, GoneError, NotFoundError } from '../../shared/vocabulary/errors.js';
import { nowIso } from '../../shared/vocabulary/ids.js';
import { type Principal, type RequestOrigin, requireUser } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import type { MemberRecord } from '../members/member-entity.js';
import { toMember } from '../members/member-service.js';
import type { Member } from '../members/schemas.js';
import { getOrgs } from '../organizations/org-store.js';
import type { InvitationTokenRecord } from './invitation-entity.js';
import { invitationTarget } from './invitation-events.js';
import { INVITATION_NOT_FOUND, invitationIn, isExpired, toInvitation } from './invitation-representation.js';
import * as invitations from './invitation-store.js';
import { hashInvitationToken } from './invitation-token.js';
import type { MyInvitation, PublicInvitation } from './schemas.js';

async function tokenItem(token: string): Promise<{ record: InvitationTokenRecord; hash: string }> {
  const hash = hashInvitationToken(token);
  const record = await invitations.getInvitationToken(hash);
  if (!record) throw new NotFoundError(INVITATION_NOT_FOUND);
  return { record, hash };
}

export async function getInvitationByToken(token: string): Promise<PublicInvitation> {
  const { record, hash } = await tokenItem(token);
  const { invitation, org, workspaces } = await invitations.getInvitationView(record);
  // A resent invitation's old link is dead: it answers as if it never existed.
  if (!invitation || !org || invitation.token_hash !== hash) throw new NotFoundError(INVITATION_NOT_FOUND);
  const names = new Map(workspaces.map((workspace) => [workspace.id, workspace.name]));
  return {
    org: { id: org.id, name: org.name },
    invited_by: { name: invitation.invited_by.name, email: invitation.invited_by.email },
    email: invitation.email,
    role: invitation.role,
    workspaces: invitation.workspaces.flatMap((grant) => {
      const name = names.get(grant.workspace_id);
      return name === undefined ? [] : [{ workspace_id: grant.workspace_id, name, role: grant.role }];
    }),
    status: toInvitation(invitation).status,
    expires_at: invitation.expires_at,
  };
}

/** What a failed accept or decline met: the invitation as it was tells used, revoked, expired or replaced. */
function unusableInvitation(item: Record<string, unknown> | undefined, hash: string, now: string): Error {
  const invitation = invitationIn(item);
  if (!invitation || invitation.token_hash !== hash) return new NotFoundError(INVITATION_NOT_FOUND);
  switch (invitation.status) {
    case 'accepted':
      return new ConflictError('invitation_already_accepted', 'This invitation has already been accepted.');
    case 'declined':
      return new GoneError('invitation_declined', 'This invitation was declined. Ask for a new one.');
    case 'revoked':
      return new GoneError('invitation_revoked', 'This invitation was revoked by the organization. Ask for a new one.');
    case 'expired':
      return new GoneError('invitation_expired', 'This invitation has expired. Ask for a new one.');
    case 'pending':
      return isExpired(invitation, now)
        ? new GoneError('invitation_expired', 'This invitation has expired. Ask for a new one.')
        : new ConflictError('concurrent_modification', 'The invitation changed while it was being answered. Retry.');
  }
}

export async function acceptInvitation(principal: Principal, token: string): Promise<Member> {
  const caller = requireUser(principal);
  const { record, hash } = await tokenItem(token);
  if (!caller.emailVerified) {
    throw new ForbiddenError(
      'Your email address is not verified. Verify it with your identity provider, then accept again.',
      'email_not_verified',
    );
  }
  if (normalizeEmail(caller.email) !== normalizeEmail(record.email)) {
    throw new ForbiddenError(
      `This invitation is for another email address. Sign in as ${record.email} to accept it.`,
      'invitation_email_mismatch',
    );
  }
  const now = nowIso();
  const member: MemberRecord = {
    org_id: record.org_id,
    user_id: caller.userId,
    role: record.role,
    workspaces: Object.fromEntries(record.workspaces.map((grant) => [grant.workspace_id, grant.role])),
    email: caller.email,
    name: caller.name,
    joined_at: now,
  };
  // A workspace deleted since the invitation was sent is dropped from the grants, not a reason to
  // refuse: each attempt that names a missing one tries again without it.
  for (;;) {
    const invitation = invitationTarget({ id: record.invitation_id, email: record.email });
    const user = { type: 'user', id: caller.userId, name: caller.name ?? caller.email };
    const events = [
      auditEvent(principal, {
        action: 'invitation.accepted',
        orgId: record.org_id,
        targets: [invitation, user],
        source: 'invitation',
        at: now,
      }),
      auditEvent(principal, {
        action: 'member.added',
        orgId: record.org_id,
        targets: [user, invitation],
        changes: { role: { from: null, to: member.role }, workspaces: { from: null, to: toMember(member).workspaces } },
        source: 'invitation',
        at: now,
      }),
    ];
    const outcome = await invitations.acceptInvitation(record, hash, member, now, events);
    if (outcome.ok) return toMember(member);
    switch (outcome.label) {
      case 'invitation':
        throw unusableInvitation(outcome.item, hash, now);
      case 'already_member':
        throw new ConflictError('already_member', 'You are already a member of this organization.');
      case 'org':
      case 'pending_limit':
        throw new NotFoundError('Organization');
      default:
        delete member.workspaces[outcome.label.slice('workspace:'.length)];
    }
  }
}

export async function declineInvitation(token: string, origin: RequestOrigin): Promise<void> {
  const { record, hash } = await tokenItem(token);
  const now = nowIso();
  const event = auditEvent(
    { type: 'link_holder', email: record.email, origin },
    {
      action: 'invitation.declined',
      orgId: record.org_id,
      targets: [invitationTarget({ id: record.invitation_id, email: record.email })],
      source: 'invitation',
      at: now,
    },
  );
  await invitations.declineInvitation(record, hash, now, [event], (failure) => unusableInvitation(failure.item, hash, now));
}

/** Only a verified address may see what was sent to it. */
export async function listMyInvitations(
  principal: Principal,
  page: PageQuery,
): Promise<{ data: MyInvitation[]; next_cursor: string | null }> {
  const caller = requireUser(principal);
  if (!caller.emailVerified)
    throw new ForbiddenError('Your email address is not verified, so its invitations cannot be shown.', 'email_not_verified');
  const scope = ['my-invitations', normalizeEmail(caller.email)];
  const after = decodeCursor(page.cursor, scope, (value) => /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/.test(value));
  const [orgId, invitationId] = after?.split('/') ?? [];
  const now = nowIso();
  const result = await invitations.listOpenInvitationsOfInvitee(
    caller.email,
    now,
    page.limit,
    orgId && invitationId ? { orgId, invitationId } : undefined,
  );
  const orgs = await getOrgNames(result.items.map((invitation) => invitation.org_id));
  return {
    data: result.items.flatMap((invitation) => {
      const name = orgs.get(invitation.org_id);
      if (name === undefined) return [];
      return [
        {
          id: invitation.id,
          org: { id: invitation.org_id, name },
          invited_by: { name: invitation.invited_by.name, email: invitation.invited_by.email },
          role: invitation.role,
          workspaces: invitation.workspaces,
          expires_at: invitation.expires_at,
          created_at: invitation.created_at,
        },
      ];
    }),
    next_cursor: encodeCursor(result.after ? `${result.after.orgId}/${result.after.invitationId}` : undefined, scope),
  };
}

async function getOrgNames(orgIds: string[]): Promise<Map<string, string>> {
  if (orgIds.length === 0) return new Map();
  const records = await getOrgs([...new Set(orgIds)]);
  return new Map([...records.values()].map((org) => [org.id, org.name]));
}
