// Invitations and their companions: the PENDING# guard (one open invitation per address), the
// token item (the link's way in), the outbox item (the email), the org's pending counter and the
// recipient's email rate window. Every change to them is one transaction.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../clients.js';
import type { RoleKey } from '../domain/roles.js';
import { batchGet, keyId } from './batch-get.js';
import { invitationItem, invitationTokenItem, memberEmailGuard, memberItem, outboxItem, pendingInvitationGuard } from './items.js';
import { existence, invitationAddressOf, keys, partitionQuery, ranges, TABLE_DEFINITION, withoutKeys } from './keys.js';
import { memberHasRole } from './org-store.js';
import { queryRange, type RangeFilter, toRangePage } from './query-page.js';
import type { InvitationRecord, InvitationTokenRecord, MemberRecord, OrgRecord, OutboxRecord, WorkspaceRecord } from './records.js';
import { type ConditionFailure, type LabelledItem, transactLabelled } from './transactions.js';

export interface NewToken {
  hash: string;
  record: InvitationTokenRecord;
}

/**
 * The invitation emails queued to one address, as a sliding log of the last few: `sends` counts
 * them all and slot `sends % slots` holds the oldest of the last `slots`, the one a new email
 * overwrites. Without a known count, the step assumes a first email and, if wrong, fails with the
 * item as it is, so the caller learns the count and retries.
 */
export interface MailRate {
  email: string;
  /** Emails queued to the address so far, if known from a read or a failed attempt. */
  knownSends: number | undefined;
  now: string;
  /** The oldest send that still counts: `now` minus the window. */
  windowStart: string;
  slots: number;
}

export type CreateFailure =
  | 'actor'
  | 'already_member'
  | 'pending'
  | 'pending_limit'
  | 'rate'
  | 'replaced'
  | 'new_item'
  | `workspace:${string}`;

export const rateSlot = (sends: number, slots: number) => `slot${sends % slots}`;

function mailRateStep(rate: MailRate): LabelledItem<'rate'> {
  const ttlSeconds = Math.floor(Date.parse(rate.now) / 1000) + 3600;
  const common = {
    TableName: tableName,
    Key: keys.mailRate(rate.email),
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
  if (rate.knownSends === undefined) {
    return {
      label: 'rate',
      item: {
        Update: {
          ...common,
          UpdateExpression: 'SET sends = :one, #slot = :now, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(sends)',
          ExpressionAttributeNames: { '#slot': rateSlot(0, rate.slots), '#ttl': TABLE_DEFINITION.timeToLiveAttribute },
          ExpressionAttributeValues: { ':one': 1, ':now': rate.now, ':ttl': ttlSeconds },
        },
      },
    };
  }
  return {
    label: 'rate',
    item: {
      Update: {
        ...common,
        UpdateExpression: 'SET sends = sends + :one, #slot = :now, #ttl = :ttl',
        ConditionExpression: 'sends = :sends AND (attribute_not_exists(#slot) OR #slot <= :windowStart)',
        ExpressionAttributeNames: { '#slot': rateSlot(rate.knownSends, rate.slots), '#ttl': TABLE_DEFINITION.timeToLiveAttribute },
        ExpressionAttributeValues: {
          ':one': 1,
          ':now': rate.now,
          ':ttl': ttlSeconds,
          ':sends': rate.knownSends,
          ':windowStart': rate.windowStart,
        },
      },
    },
  };
}

const put = (item: Record<string, unknown>) => ({ Put: { TableName: tableName, Item: item, ...existence.isNew } });

function pendingCounter(orgId: string, delta: 1 | -1, limit?: number): LabelledItem<'pending_limit'> {
  return {
    label: 'pending_limit',
    item: {
      Update: {
        TableName: tableName,
        Key: keys.org(orgId),
        UpdateExpression: 'SET pending_invitations = pending_invitations + :delta',
        ...(limit !== undefined
          ? { ConditionExpression: 'pending_invitations < :limit', ExpressionAttributeValues: { ':delta': delta, ':limit': limit } }
          : { ExpressionAttributeValues: { ':delta': delta } }),
      },
    },
  };
}

/**
 * Creates an invitation with its guard, token item and queued email, if the actor is an admin, the
 * address is neither a member nor invited already, every workspace exists, the org is under its
 * pending limit and the address under its email rate. With `replacing`, the address's expired
 * invitation of that id is closed and its guard taken over instead (the pending count stays).
 */
export async function createInvitation(
  plan: {
    invitation: InvitationRecord;
    token: NewToken;
    outbox: OutboxRecord;
    actorRoles: RoleKey[];
    pendingLimit: number;
    rate: MailRate;
  },
  replacing: string | undefined,
  explain: (label: CreateFailure, failure: ConditionFailure) => Error,
): Promise<void> {
  const { invitation, token, outbox } = plan;
  const orgId = invitation.org_id;
  const guard = pendingInvitationGuard(invitation);
  const steps: LabelledItem<CreateFailure>[] = [
    { label: 'actor', item: memberHasRole(orgId, invitation.invited_by.user_id, plan.actorRoles) },
    {
      label: 'already_member',
      item: {
        ConditionCheck: {
          TableName: tableName,
          Key: keys.memberEmail(orgId, invitation.email),
          ConditionExpression: 'attribute_not_exists(user_id)',
        },
      },
    },
    ...invitation.workspaces.map(({ workspace_id }) => ({
      label: `workspace:${workspace_id}` as const,
      item: { ConditionCheck: { TableName: tableName, Key: keys.workspace(orgId, workspace_id), ...existence.exists } },
    })),
  ];
  if (replacing === undefined) {
    steps.push({
      label: 'pending',
      item: { Put: { TableName: tableName, Item: guard, ...existence.isNew, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
    });
    steps.push(pendingCounter(orgId, 1, plan.pendingLimit));
  } else {
    steps.push({
      label: 'pending',
      item: {
        Put: {
          TableName: tableName,
          Item: guard,
          ConditionExpression: 'invitation_id = :replaced',
          ExpressionAttributeValues: { ':replaced': replacing },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    });
    steps.push({
      label: 'replaced',
      item: {
        Update: {
          TableName: tableName,
          Key: keys.invitation(orgId, replacing),
          UpdateExpression: 'SET #status = :expired, updated_at = :now',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':expired': 'expired', ':pending': 'pending', ':now': invitation.created_at },
        },
      },
    });
  }
  steps.push(
    mailRateStep(plan.rate),
    { label: 'new_item', item: put(invitationItem(invitation)) },
    { label: 'new_item', item: put(invitationTokenItem(token.hash, token.record)) },
    { label: 'new_item', item: put(outboxItem(outbox)) },
  );
  await transactLabelled(steps, explain);
}

/** The caller's membership and an invitation of the org, in one BatchGetItem. */
export async function getInvitationWithMembership(orgId: string, invitationId: string, userId: string) {
  const found = await batchGet([keys.member(orgId, userId), keys.invitation(orgId, invitationId)]);
  return {
    member: found.get(keyId(keys.member(orgId, userId))) as MemberRecord | undefined,
    invitation: found.get(keyId(keys.invitation(orgId, invitationId))) as InvitationRecord | undefined,
  };
}

/** The caller's membership and a page of the org's invitations (optionally filtered), in parallel. */
export async function listInvitationsWithMembership(
  orgId: string,
  userId: string,
  limit: number,
  afterId: string | undefined,
  filter: RangeFilter | undefined,
) {
  const range = ranges.invitationsOfOrg(orgId);
  const [found, result] = await Promise.all([batchGet([keys.member(orgId, userId)]), queryRange(range, limit, afterId, filter)]);
  return {
    member: found.get(keyId(keys.member(orgId, userId))) as MemberRecord | undefined,
    ...toRangePage<InvitationRecord>(result, range, limit, (i) => i.id),
  };
}

type CloseFailure = 'actor' | 'invitation';

/** Closes a pending invitation as revoked; its link then answers 410. */
export async function revokeInvitation(
  invitation: InvitationRecord,
  actorId: string,
  actorRoles: RoleKey[],
  now: string,
  explain: (label: CloseFailure, failure: ConditionFailure) => Error,
) {
  await transactLabelled<CloseFailure | 'pending_limit'>(
    [
      { label: 'actor', item: memberHasRole(invitation.org_id, actorId, actorRoles) },
      closeStep(invitation, 'revoked', now, { version: invitation.version }),
      ...releaseGuard(invitation),
    ],
    (label, failure) => explain(label === 'pending_limit' ? 'invitation' : label, failure),
  );
}

/** The update that closes an invitation, conditioned on it still being open (and, if given, unchanged or holding this token). */
function closeStep(
  invitation: Pick<InvitationRecord, 'org_id' | 'id'>,
  status: 'revoked' | 'accepted' | 'declined',
  now: string,
  expect: { version?: number; tokenHash?: string; notExpiredAt?: string; acceptedBy?: string },
): LabelledItem<'invitation'> {
  const conditions = ['#status = :pending'];
  const values: Record<string, unknown> = { ':pending': 'pending', ':status': status, ':now': now, ':one': 1 };
  const expectAttribute = (condition: string, name: string, value: unknown) => {
    if (value === undefined) return;
    conditions.push(condition);
    values[name] = value;
  };
  expectAttribute('version = :version', ':version', expect.version);
  expectAttribute('token_hash = :hash', ':hash', expect.tokenHash);
  expectAttribute('expires_at > :at', ':at', expect.notExpiredAt);
  if (expect.acceptedBy !== undefined) values[':by'] = expect.acceptedBy;
  return {
    label: 'invitation',
    item: {
      Update: {
        TableName: tableName,
        Key: keys.invitation(invitation.org_id, invitation.id),
        UpdateExpression: `SET #status = :status, responded_at = :now, updated_at = :now, version = version + :one${expect.acceptedBy ? ', accepted_by = :by' : ''}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  };
}

/** Frees the address for a new invitation and the org's pending count. */
function releaseGuard(invitation: Pick<InvitationRecord, 'org_id' | 'id' | 'email'>): LabelledItem<'pending_limit'>[] {
  return [
    {
      label: 'pending_limit',
      item: {
        Delete: {
          TableName: tableName,
          Key: keys.pendingInvitation(invitation.org_id, invitation.email),
          ConditionExpression: 'invitation_id = :id',
          ExpressionAttributeValues: { ':id': invitation.id },
        },
      },
    },
    pendingCounter(invitation.org_id, -1),
  ];
}

export type ResendFailure = 'actor' | 'invitation' | 'rate';

/** Swaps the invitation's token, restarts its expiry and queues a new email, if it is unchanged since read. */
export async function resendInvitation(
  current: InvitationRecord,
  next: InvitationRecord,
  token: NewToken,
  outbox: OutboxRecord,
  actorId: string,
  actorRoles: RoleKey[],
  rate: MailRate,
  explain: (label: ResendFailure, failure: ConditionFailure) => Error,
): Promise<void> {
  await transactLabelled<ResendFailure>(
    [
      { label: 'actor', item: memberHasRole(current.org_id, actorId, actorRoles) },
      {
        label: 'invitation',
        item: {
          Put: {
            TableName: tableName,
            Item: invitationItem(next),
            ConditionExpression: 'version = :version AND #status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':version': current.version, ':pending': 'pending' },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      },
      { label: 'invitation', item: { Delete: { TableName: tableName, Key: keys.invitationToken(current.token_hash) } } },
      { label: 'invitation', item: put(invitationTokenItem(token.hash, token.record)) },
      {
        label: 'invitation',
        item: {
          Put: {
            TableName: tableName,
            Item: pendingInvitationGuard(next),
            ConditionExpression: 'invitation_id = :id',
            ExpressionAttributeValues: { ':id': next.id },
          },
        },
      },
      mailRateStep(rate),
      { label: 'invitation', item: put(outboxItem(outbox)) },
    ],
    explain,
  );
}

export async function getInvitationToken(tokenHash: string): Promise<InvitationTokenRecord | undefined> {
  const result = await db.send(new GetCommand({ TableName: tableName, Key: keys.invitationToken(tokenHash), ConsistentRead: true }));
  return result.Item ? (withoutKeys(result.Item) as unknown as InvitationTokenRecord) : undefined;
}

/** An invitation with its org and the workspaces it grants, for their current names (one BatchGetItem). */
export async function getInvitationView(token: Pick<InvitationTokenRecord, 'org_id' | 'invitation_id' | 'workspaces'>) {
  const workspaceKeys = token.workspaces.map((grant) => keys.workspace(token.org_id, grant.workspace_id));
  const found = await batchGet([keys.invitation(token.org_id, token.invitation_id), keys.org(token.org_id), ...workspaceKeys]);
  return {
    invitation: found.get(keyId(keys.invitation(token.org_id, token.invitation_id))) as InvitationRecord | undefined,
    org: found.get(keyId(keys.org(token.org_id))) as OrgRecord | undefined,
    workspaces: workspaceKeys
      .map((key) => found.get(keyId(key)) as WorkspaceRecord | undefined)
      .filter((w): w is WorkspaceRecord => w !== undefined),
  };
}

export type AcceptFailure = 'invitation' | 'member' | 'pending_limit' | 'org' | `workspace:${string}`;

/**
 * Accepts: closes the invitation (if still open, unexpired and on this token), creates the
 * membership with its grants and email guard, frees the address's guard and moves the org's
 * counters, all at once. A grant's workspace must still exist.
 */
export async function acceptInvitation(
  token: InvitationTokenRecord,
  tokenHash: string,
  member: MemberRecord,
  now: string,
  explain: (label: AcceptFailure, failure: ConditionFailure) => Error,
): Promise<void> {
  const invitation = { org_id: token.org_id, id: token.invitation_id, email: token.email };
  await transactLabelled<AcceptFailure>(
    [
      closeStep(invitation, 'accepted', now, { tokenHash, notExpiredAt: now, acceptedBy: member.user_id }),
      {
        label: 'member',
        item: {
          Put: { TableName: tableName, Item: memberItem(member), ...existence.isNew, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
        },
      },
      { label: 'member', item: put(memberEmailGuard(member)) },
      releaseGuard(invitation)[0]!,
      {
        label: 'org',
        item: {
          Update: {
            TableName: tableName,
            Key: keys.org(token.org_id),
            UpdateExpression: 'SET pending_invitations = pending_invitations - :one, admin_count = admin_count + :admins',
            ConditionExpression: existence.exists.ConditionExpression,
            ExpressionAttributeNames: existence.exists.ExpressionAttributeNames,
            ExpressionAttributeValues: { ':one': 1, ':admins': member.role === 'admin' ? 1 : 0 },
          },
        },
      },
      ...Object.keys(member.workspaces).map((workspaceId) => ({
        label: `workspace:${workspaceId}` as const,
        item: { ConditionCheck: { TableName: tableName, Key: keys.workspace(token.org_id, workspaceId), ...existence.exists } },
      })),
    ],
    explain,
  );
}

/** Declines: closes the invitation if still open, unexpired and on this token, and frees the address. */
export async function declineInvitation(
  token: InvitationTokenRecord,
  tokenHash: string,
  now: string,
  explain: (failure: ConditionFailure) => Error,
): Promise<void> {
  const invitation = { org_id: token.org_id, id: token.invitation_id, email: token.email };
  await transactLabelled<'invitation' | 'pending_limit'>(
    [closeStep(invitation, 'declined', now, { tokenHash, notExpiredAt: now }), ...releaseGuard(invitation)],
    (_label, failure) => explain(failure),
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
  const range = ranges.invitationsOfInvitee(email);
  const query = partitionQuery(range, index);
  const result = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.indexName,
      ...query,
      FilterExpression: '#status = :pending AND expires_at > :now',
      ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#status': 'status' },
      ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ':pending': 'pending', ':now': now },
      Limit: limit + 1,
      ...(after
        ? {
            ExclusiveStartKey: {
              ...keys.invitation(after.orgId, after.invitationId),
              ...keys.invitationInPersonIndex(email, after.invitationId),
            },
          }
        : {}),
    }),
  );
  const items = (result.Items ?? []).map(withoutKeys) as unknown as InvitationRecord[];
  const page = items.slice(0, limit);
  const last = items.length > limit ? page.at(-1) : undefined;
  const stoppedAt = result.LastEvaluatedKey ? invitationAddressOf(result.LastEvaluatedKey) : undefined;
  return { items: page, after: last ? { orgId: last.org_id, invitationId: last.id } : stoppedAt };
}
