// Memberships: the org role and workspace grants of each member, kept in step with the org's
// admin count and the member's email guard by the transactions below.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../clients.js';
import type { RoleKey } from '../domain/roles.js';
import { batchGet, keyId } from './batch-get.js';
import { existence, keys, ranges, withoutKeys } from './keys.js';
import { memberHasRole, roleList } from './org-store.js';
import { queryRange, toRangePage } from './query-page.js';
import type { MemberRecord, WorkspaceRecord } from './records.js';
import { type ConditionFailure, type LabelledItem, transactLabelled } from './transactions.js';

/** Memberships of some users of one org (one BatchGetItem); a user who is not a member is absent. */
export async function getMembers(orgId: string, userIds: string[]): Promise<Map<string, MemberRecord>> {
  const found = await batchGet([...new Set(userIds)].map((userId) => keys.member(orgId, userId)));
  const members = [...found.values()] as unknown as MemberRecord[];
  return new Map(members.map((member) => [member.user_id, member]));
}

/** Memberships of the caller and another user, and a workspace, in one BatchGetItem. */
export async function getMembersAndWorkspace(orgId: string, userIds: string[], workspaceId: string) {
  const workspaceKey = keys.workspace(orgId, workspaceId);
  const found = await batchGet([...new Set(userIds)].map((userId) => keys.member(orgId, userId)).concat(workspaceKey));
  const workspace = found.get(keyId(workspaceKey)) as WorkspaceRecord | undefined;
  found.delete(keyId(workspaceKey));
  const members = [...found.values()] as unknown as MemberRecord[];
  return { workspace, members: new Map(members.map((member) => [member.user_id, member])) };
}

async function getMember(orgId: string, userId: string): Promise<MemberRecord | undefined> {
  const result = await db.send(new GetCommand({ TableName: tableName, Key: keys.member(orgId, userId), ConsistentRead: true }));
  return result.Item ? (withoutKeys(result.Item) as unknown as MemberRecord) : undefined;
}

/** The caller's membership and a page of the org's members, in parallel. */
export async function listMembersWithMembership(orgId: string, userId: string, limit: number, afterUserId?: string) {
  const range = ranges.membersOfOrg(orgId);
  const [member, result] = await Promise.all([getMember(orgId, userId), queryRange(range, limit, afterUserId)]);
  return { member, ...toRangePage<MemberRecord>(result, range, limit, (m) => m.user_id) };
}

/** The caller's membership with the workspace, and a page of the members who can see it (its members and the org admins). */
export async function listWorkspaceMembersWithAccess(
  orgId: string,
  workspaceId: string,
  userId: string,
  limit: number,
  afterUserId?: string,
) {
  const range = ranges.membersOfOrg(orgId);
  const [caller, result] = await Promise.all([
    getMembersAndWorkspace(orgId, [userId], workspaceId),
    queryRange(range, limit, afterUserId, {
      expression: '#role = :admin OR attribute_exists(#grants.#workspace)',
      names: { '#role': 'role', '#grants': 'workspaces', '#workspace': workspaceId },
      values: { ':admin': 'admin' },
    }),
  ]);
  return {
    member: caller.members.get(userId),
    workspace: caller.workspace,
    ...toRangePage<MemberRecord>(result, range, limit, (m) => m.user_id),
  };
}

/** Only an org's admins may act on another member; acting on yourself needs no such check. */
function actorCheck(orgId: string, actorId: string, target: MemberRecord, roles: RoleKey[], workspaceId?: string): LabelledItem<'actor'>[] {
  return actorId === target.user_id ? [] : [{ label: 'actor', item: memberHasRole(orgId, actorId, roles, workspaceId) }];
}

/** Moves the org's admin count with a role change; the last admin's seat cannot be given up. */
function adminSeat(orgId: string, delta: 1 | -1): LabelledItem<'last_admin' | 'org'> {
  return delta < 0
    ? {
        label: 'last_admin',
        item: {
          Update: {
            TableName: tableName,
            Key: keys.org(orgId),
            UpdateExpression: 'SET admin_count = admin_count - :one',
            ConditionExpression: 'admin_count > :one',
            ExpressionAttributeValues: { ':one': 1 },
          },
        },
      }
    : {
        label: 'org',
        item: {
          Update: {
            TableName: tableName,
            Key: keys.org(orgId),
            UpdateExpression: 'SET admin_count = admin_count + :one',
            ConditionExpression: existence.exists.ConditionExpression,
            ExpressionAttributeNames: existence.exists.ExpressionAttributeNames,
            ExpressionAttributeValues: { ':one': 1 },
          },
        },
      };
}

type RoleChangeFailure = 'actor' | 'member' | 'last_admin' | 'org';

/** The membership, conditioned on still holding the role that was read (which decides the admin count). */
function asRead(target: MemberRecord) {
  return {
    TableName: tableName,
    Key: keys.member(target.org_id, target.user_id),
    ConditionExpression: '#role = :current',
    ExpressionAttributeNames: { '#role': 'role' },
    ExpressionAttributeValues: { ':current': target.role } as Record<string, unknown>,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
}

/** Sets a member's org role, if it is still the role that was read and the actor is still an admin. */
export async function changeRole(
  target: MemberRecord,
  role: RoleKey,
  actorId: string,
  actorRoles: RoleKey[],
  explain: (label: RoleChangeFailure, failure: ConditionFailure) => Error,
): Promise<void> {
  const steps: LabelledItem<RoleChangeFailure>[] = [
    ...actorCheck(target.org_id, actorId, target, actorRoles),
    {
      label: 'member',
      item: {
        Update: {
          ...asRead(target),
          UpdateExpression: 'SET #role = :role',
          ExpressionAttributeValues: { ':current': target.role, ':role': role },
        },
      },
    },
  ];
  if (target.role === 'admin') steps.push(adminSeat(target.org_id, -1));
  if (role === 'admin') steps.push(adminSeat(target.org_id, 1));
  await transactLabelled(steps, explain);
}

/** Removes a membership with its workspace grants and email guard, giving up its admin seat if it held one. */
export async function removeMember(
  target: MemberRecord,
  actorId: string,
  actorRoles: RoleKey[],
  explain: (label: RoleChangeFailure, failure: ConditionFailure) => Error,
): Promise<void> {
  const steps: LabelledItem<RoleChangeFailure>[] = [
    ...actorCheck(target.org_id, actorId, target, actorRoles),
    {
      label: 'member',
      item: { Delete: asRead(target) },
    },
    { label: 'member', item: { Delete: { TableName: tableName, Key: keys.memberEmail(target.org_id, target.email) } } },
  ];
  if (target.role === 'admin') steps.push(adminSeat(target.org_id, -1));
  await transactLabelled(steps, explain);
}

type GrantFailure = 'actor' | 'member' | 'workspace';

/**
 * Grants an org member a role in a workspace, if the actor may manage its members, the member is
 * still a non-admin member of the org, and the workspace still exists.
 */
export async function setWorkspaceRole(
  target: MemberRecord,
  workspaceId: string,
  role: RoleKey,
  actorId: string,
  actorRoles: RoleKey[],
  explain: (label: GrantFailure, failure: ConditionFailure) => Error,
): Promise<void> {
  const { list, values } = roleList(actorRoles);
  const self = actorId === target.user_id;
  await transactLabelled<GrantFailure>(
    [
      ...actorCheck(target.org_id, actorId, target, actorRoles, workspaceId),
      {
        label: 'member',
        item: {
          Update: {
            TableName: tableName,
            Key: keys.member(target.org_id, target.user_id),
            UpdateExpression: 'SET #grants.#workspace = :grant',
            // Acting on yourself, the actor check rides on this item: one operation per item per transaction.
            ConditionExpression: `${existence.exists.ConditionExpression} AND #role <> :admin${self ? ` AND #grants.#workspace IN ${list}` : ''}`,
            ExpressionAttributeNames: {
              ...existence.exists.ExpressionAttributeNames,
              '#role': 'role',
              '#grants': 'workspaces',
              '#workspace': workspaceId,
            },
            ExpressionAttributeValues: { ':grant': role, ':admin': 'admin', ...(self ? values : {}) },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      },
      {
        label: 'workspace',
        item: { ConditionCheck: { TableName: tableName, Key: keys.workspace(target.org_id, workspaceId), ...existence.exists } },
      },
    ],
    explain,
  );
}

/** Drops a member's grant on a workspace (one transaction, no read): the actor's right and the grant are both conditions. */
export async function removeWorkspaceGrant(
  orgId: string,
  workspaceId: string,
  userId: string,
  actorId: string,
  actorRoles: RoleKey[],
  explain: (label: 'actor' | 'member', failure: ConditionFailure) => Error,
): Promise<void> {
  await transactLabelled<'actor' | 'member'>(
    [
      ...(actorId === userId ? [] : [{ label: 'actor' as const, item: memberHasRole(orgId, actorId, actorRoles, workspaceId) }]),
      {
        label: 'member',
        item: {
          Update: {
            TableName: tableName,
            Key: keys.member(orgId, userId),
            UpdateExpression: 'REMOVE #grants.#workspace',
            ConditionExpression: 'attribute_exists(#grants.#workspace)',
            ExpressionAttributeNames: { '#grants': 'workspaces', '#workspace': workspaceId },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      },
    ],
    explain,
  );
}

/**
 * Removes a deleted workspace's grant from every member holding one, a page at a time. Each update
 * is conditioned on the grant, so running twice (a replayed stream record) changes nothing.
 */
export async function dropWorkspaceGrants(orgId: string, workspaceId: string): Promise<number> {
  const range = ranges.membersOfOrg(orgId);
  let dropped = 0;
  let after: string | undefined;
  do {
    const result = await queryRange(range, 100, after, {
      expression: 'attribute_exists(#grants.#workspace)',
      names: { '#grants': 'workspaces', '#workspace': workspaceId },
    });
    const page = toRangePage<MemberRecord>(result, range, 100, (m) => m.user_id);
    for (const member of page.items) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.member(orgId, member.user_id),
            UpdateExpression: 'REMOVE #grants.#workspace',
            ConditionExpression: 'attribute_exists(#grants.#workspace)',
            ExpressionAttributeNames: { '#grants': 'workspaces', '#workspace': workspaceId },
          }),
        );
        dropped++;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    after = page.lastId;
  } while (after);
  return dropped;
}
