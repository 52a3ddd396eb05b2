// How each record is stored: its keys, a type tag, and its attributes. Stores build items only here.
import { keys, TABLE_DEFINITION } from './keys.js';
import type {
  InvitationRecord,
  InvitationTokenRecord,
  MemberRecord,
  OrgRecord,
  OutboxRecord,
  UserRecord,
  WorkspaceRecord,
} from './records.js';

/** DynamoDB deletes an item some time after this epoch second (TTL); used for data that only needs to outlive its purpose. */
export const epochSeconds = (iso: string, plusDays = 0) => Math.floor(Date.parse(iso) / 1000) + plusDays * 86_400;

export const userItem = (user: UserRecord) => ({ ...keys.user(user.id), ...keys.userInUserIndex(user.id), type: 'user', ...user });

export const orgItem = (org: OrgRecord) => ({ ...keys.org(org.id), type: 'org', ...org });

export const memberItem = (member: MemberRecord) => ({
  ...keys.member(member.org_id, member.user_id),
  ...keys.memberInUserIndex(member.user_id, member.org_id),
  type: 'member',
  ...member,
});

/** Written and deleted with each membership: an invitation to an address that already belongs to a member is refused. */
export const memberEmailGuard = (member: Pick<MemberRecord, 'org_id' | 'user_id' | 'email'>) => ({
  ...keys.memberEmail(member.org_id, member.email),
  type: 'member_email',
  user_id: member.user_id,
});

export const workspaceItem = (workspace: WorkspaceRecord) => ({
  ...keys.workspace(workspace.org_id, workspace.id),
  type: 'workspace',
  ...workspace,
});

/** Holds a workspace name (normalized) for one workspace, so a second one cannot take it. */
export const workspaceNameGuard = (workspace: Pick<WorkspaceRecord, 'org_id' | 'id' | 'name'>) => ({
  ...keys.workspaceName(workspace.org_id, workspace.name),
  type: 'workspace_name',
  workspace_id: workspace.id,
});

export const invitationItem = (invitation: InvitationRecord) => ({
  ...keys.invitation(invitation.org_id, invitation.id),
  ...keys.invitationInPersonIndex(invitation.email, invitation.id),
  type: 'invitation',
  ...invitation,
});

/** One open invitation per address and org; it carries the expiry, so an expired one can be replaced. */
export const pendingInvitationGuard = (invitation: Pick<InvitationRecord, 'org_id' | 'id' | 'email' | 'expires_at'>) => ({
  ...keys.pendingInvitation(invitation.org_id, invitation.email),
  type: 'pending_invitation',
  invitation_id: invitation.id,
  expires_at: invitation.expires_at,
});

export const invitationTokenItem = (tokenHash: string, token: InvitationTokenRecord) => ({
  ...keys.invitationToken(tokenHash),
  type: 'invitation_token',
  ...token,
  // Kept a month past expiry so a late click still learns the invitation expired, then dropped.
  [TABLE_DEFINITION.timeToLiveAttribute]: epochSeconds(token.expires_at, 30),
});

export const outboxItem = (outbox: OutboxRecord) => ({
  ...keys.outbox(outbox.org_id, outbox.id),
  ...keys.outboxDue(outbox.next_attempt_at, outbox.id),
  type: 'outbox',
  ...outbox,
});
