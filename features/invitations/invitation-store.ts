// Invitations and their companions: the PENDING# guard (one open invitation per address), the
// token item (the link's way in), the outbox item (the email), the org's pending counter and the
// email's quota counters. Every change to them is one transaction.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { batchGet } from '../../shared/table/batch-get.js';
import { partitionQuery, primaryKeyOf } from '../../shared/table/keys.js';
import { queryRange, toRangePage } from '../../shared/table/query-page.js';
import type { Expression, Step } from '../../shared/table/steps.js';
import { TABLE_DEFINITION } from '../../shared/table/table-definition.js';
import type { ConditionFailure, TransactOutcome } from '../../shared/table/transact.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { commit, commitOrThrow } from '../audit/audit-steps.js';
import * as joinSteps from '../joining/join-steps.js';
import { type MemberRecord, memberEntity } from '../members/member-entity.js';
import * as memberSteps from '../members/member-steps.js';
import { orgEntity } from '../organizations/org-entity.js';
import * as orgSteps from '../organizations/org-steps.js';
import { workspaceEntity } from '../workspaces/workspace-entity.js';
import * as workspaceSteps from '../workspaces/workspace-steps.js';
import type { EmailQuotaLabel } from './invitation-email-quotas.js';
import {
  type InvitationRecord,
  type InvitationTokenRecord,
  invitationAddressOf,
  invitationEntity,
  invitationPosition,
  invitationRanges,
  invitationToken,
} from './invitation-entity.js';
import * as invitationSteps from './invitation-steps.js';
import type { OutboxRecord } from './outbox-entity.js';
import * as outboxSteps from './outbox-steps.js';

export type CreateFailure =
  | 'actor'
  | 'already_member'
  | 'pending'
  | 'pending_limit'
  | EmailQuotaLabel
  | 'replaced'
  | 'new_item'
  | `workspace:${string}`;

/**
 * Creates an invitation with its guard, token item and queued email, if the actor is an admin, the
 * address is neither a member nor invited already, every workspace exists, the org is under its
 * pending limit and the email within its quotas (`quotas`, from invitation-email-quotas.ts). With `replacing`, the address's expired
 * invitation of that id is closed and its guard taken over instead (the pending count stays).
 * A failed condition comes back as the outcome: the caller may learn from it and try again.
 */
export function createInvitation(
  plan: {
    invitation: InvitationRecord;
    outbox: OutboxRecord;
    actorRoles: RoleKey[];
    pendingLimit: number;
    quotas: Step<EmailQuotaLabel>[];
    events: AuditEventRecord[];
  },
  replacing: string | undefined,
): Promise<TransactOutcome<CreateFailure>> {
  const { invitation, outbox } = plan;
  const orgId = invitation.org_id;
  return commit<CreateFailure>(
    [
      memberSteps.actorHolds(orgId, invitation.invited_by.user_id, plan.actorRoles),
      memberSteps.addressIsFree(orgId, invitation.email),
      ...invitation.workspaces.map(({ workspace_id }) => workspaceSteps.exists(`workspace:${workspace_id}` as const, orgId, workspace_id)),
      invitationSteps.holdAddress(invitation, replacing),
      replacing === undefined
        ? orgSteps.pendingInvitationAdded(orgId, plan.pendingLimit)
        : invitationSteps.markReplaced(orgId, replacing, invitation.created_at),
      ...plan.quotas,
      ...invitationSteps.create(invitation),
      outboxSteps.queue(outbox),
      // An admin inviting the address again lets it join by domain again (features/joining).
      joinSteps.unblock('new_item', orgId, invitation.email),
    ],
    plan.events,
  );
}

/** The caller's membership and an invitation of the org, in one BatchGetItem. */
export async function getInvitationWithMembership(orgId: string, invitationId: string, userId: string) {
  const memberKey = memberEntity.key({ org_id: orgId, user_id: userId });
  const invitationKey = invitationEntity.key({ org_id: orgId, id: invitationId });
  const found = await batchGet([memberKey, invitationKey]);
  return { member: memberEntity.parseOptional(found.get(memberKey)), invitation: invitationEntity.parseOptional(found.get(invitationKey)) };
}

const parseInvitation = (item: Record<string, unknown>) => invitationEntity.parse(item);

/** The caller's membership and a page of the org's invitations (optionally filtered), in parallel. */
export async function listInvitationsWithMembership(
  orgId: string,
  userId: string,
  limit: number,
  afterId: string | undefined,
  filter: Expression | undefined,
) {
  const range = invitationRanges.invitationsOfOrg(orgId);
  const memberKey = memberEntity.key({ org_id: orgId, user_id: userId });
  const [found, result] = await Promise.all([batchGet([memberKey]), queryRange(range, limit, afterId, filter)]);
  return { member: memberEntity.parseOptional(found.get(memberKey)), ...toRangePage(result, range, limit, parseInvitation, (i) => i.id) };
}

/** Closes a pending invitation as revoked; its link then answers 410. */
export async function revokeInvitation(
  invitation: InvitationRecord,
  actorId: string,
  actorRoles: RoleKey[],
  now: string,
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<'actor' | 'invitation' | 'pending_limit'>) => Error,
) {
  await commitOrThrow(
    [
      memberSteps.actorHolds(invitation.org_id, actorId, actorRoles),
      invitationSteps.close(invitation, 'revoked', now, { version: invitation.version }),
      invitationSteps.releaseAddress(invitation),
      orgSteps.pendingInvitationReleased(invitation.org_id),
    ],
    events,
    explain,
  );
}

export type ResendFailure = 'actor' | 'invitation' | EmailQuotaLabel | 'new_item';

/** Swaps the invitation's token, restarts its expiry and queues a new email, if it is unchanged since read. */
export function resendInvitation(
  current: InvitationRecord,
  next: InvitationRecord,
  outbox: OutboxRecord,
  actorId: string,
  actorRoles: RoleKey[],
  quotas: Step<EmailQuotaLabel>[],
  events: AuditEventRecord[],
): Promise<TransactOutcome<ResendFailure>> {
  return commit<ResendFailure>(
    [
      memberSteps.actorHolds(current.org_id, actorId, actorRoles),
      ...invitationSteps.resend(current, next),
      ...quotas,
      outboxSteps.queue(outbox),
    ],
    events,
  );
}

export async function getInvitationToken(tokenHash: string): Promise<InvitationTokenRecord | undefined> {
  const result = await db.send(
    new GetCommand({ TableName: tableName, Key: invitationToken.key({ token_hash: tokenHash }), ConsistentRead: true }),
  );
  return invitationToken.parseOptional(result.Item);
}

/** An invitation with its org and the workspaces it grants, for their current names (one BatchGetItem). */
export async function getInvitationView(token: Pick<InvitationTokenRecord, 'org_id' | 'invitation_id' | 'workspaces'>) {
  const workspaceKeys = token.workspaces.map((grant) => workspaceEntity.key({ org_id: token.org_id, id: grant.workspace_id }));
  const invitationKey = invitationEntity.key({ org_id: token.org_id, id: token.invitation_id });
  const orgKey = orgEntity.key({ id: token.org_id });
  const found = await batchGet([invitationKey, orgKey, ...workspaceKeys]);
  return {
    invitation: invitationEntity.parseOptional(found.get(invitationKey)),
    org: orgEntity.parseOptional(found.get(orgKey)),
    workspaces: workspaceKeys.flatMap((key) => {
      const workspace = workspaceEntity.parseOptional(found.get(key));
      return workspace ? [workspace] : [];
    }),
  };
}

export type AcceptFailure = 'invitation' | 'already_member' | 'pending_limit' | 'org' | `workspace:${string}`;

/**
 * Accepts: closes the invitation (if still open, unexpired and on this token), creates the
 * membership with its grants and email guard, frees the address's guard and moves the org's
 * counters, all at once. A grant's workspace must still exist: the outcome names the one that does not.
 */
export function acceptInvitation(
  token: InvitationTokenRecord,
  tokenHash: string,
  member: MemberRecord,
  now: string,
  events: AuditEventRecord[],
): Promise<TransactOutcome<AcceptFailure>> {
  const invitation = { org_id: token.org_id, id: token.invitation_id, email: token.email };
  return commit<AcceptFailure>(
    [
      invitationSteps.close(invitation, 'accepted', now, { tokenHash, notExpiredAt: now, acceptedBy: member.user_id }),
      ...memberSteps.join(member),
      invitationSteps.releaseAddress(invitation),
      orgSteps.invitationAccepted(token.org_id, member.role === 'admin' ? 1 : 0),
      ...Object.keys(member.workspaces).map((workspaceId) =>
        workspaceSteps.exists(`workspace:${workspaceId}` as const, token.org_id, workspaceId),
      ),
    ],
    events,
  );
}

/** Declines: closes the invitation if still open, unexpired and on this token, and frees the address. */
export async function declineInvitation(
  token: InvitationTokenRecord,
  tokenHash: string,
  now: string,
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<'invitation' | 'pending_limit'>) => Error,
): Promise<void> {
  const invitation = { org_id: token.org_id, id: token.invitation_id, email: token.email };
  await commitOrThrow(
    [
      invitationSteps.close(invitation, 'declined', now, { tokenHash, notExpiredAt: now }),
      invitationSteps.releaseAddress(invitation),
      orgSteps.pendingInvitationReleased(token.org_id),
    ],
    events,
    explain,
  );
}

/** A page of the open invitations to an address, across orgs, from the person index. */
export async function listOpenInvitationsOfInvitee(
  email: string,
  now: string,
  limit: number,
  after?: { orgId: string; invitationId: string },
) {
  const index = TABLE_DEFINITION.indexes.byPerson;
  const query = partitionQuery(invitationRanges.invitationsOfInvitee(email), index);
  const startAfter = after ? ({ org_id: after.orgId, id: after.invitationId, email } as const) : undefined;
  const result = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.indexName,
      ...query,
      FilterExpression: '#status = :pending AND expires_at > :now',
      ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#status': 'status' },
      ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ':pending': 'pending', ':now': now },
      Limit: limit + 1,
      ...(startAfter ? { ExclusiveStartKey: invitationPosition(startAfter) } : {}),
    }),
  );
  const items = (result.Items ?? []).map(parseInvitation);
  const page = items.slice(0, limit);
  const last = items.length > limit ? page.at(-1) : undefined;
  const stoppedAt = result.LastEvaluatedKey ? invitationAddressOf(primaryKeyOf(result.LastEvaluatedKey)) : undefined;
  return { items: page, after: last ? { orgId: last.org_id, invitationId: last.id } : stoppedAt };
}
