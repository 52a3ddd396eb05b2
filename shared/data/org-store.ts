import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../clients.js';
import type { RoleKey } from '../domain/roles.js';
import { batchGet, keyId } from './batch-get.js';
import { memberEmailGuard, memberItem, orgItem, workspaceItem, workspaceNameGuard } from './items.js';
import { existence, keys, lastEvaluatedId, type PrimaryKey, partitionQuery, ranges, TABLE_DEFINITION, withoutKeys } from './keys.js';
import { takePage } from './page-cursor.js';
import type { MemberRecord, OrgRecord, UserRecord, WorkspaceRecord } from './records.js';
import { type ConditionFailure, type TransactItem, transactWrite } from './transactions.js';

/** The puts that create an org with its first admin and first workspace, in one transaction. */
export function newOrgItems(org: OrgRecord, admin: MemberRecord, workspace: WorkspaceRecord): TransactItem[] {
  return [
    { Put: { TableName: tableName, Item: orgItem(org), ...existence.isNew } },
    { Put: { TableName: tableName, Item: memberItem(admin), ...existence.isNew } },
    { Put: { TableName: tableName, Item: memberEmailGuard(admin), ...existence.isNew } },
    { Put: { TableName: tableName, Item: workspaceItem(workspace), ...existence.isNew } },
    { Put: { TableName: tableName, Item: workspaceNameGuard(workspace), ...existence.isNew } },
  ];
}

export async function createOrg(org: OrgRecord, admin: MemberRecord, workspace: WorkspaceRecord): Promise<void> {
  await transactWrite(newOrgItems(org, admin, workspace), () => new Error('A freshly generated id collided'));
}

/** The caller's membership and any other items of the org partition, in one BatchGetItem. */
export async function getWithMembership(orgId: string, userId: string, others: PrimaryKey[]) {
  const found = await batchGet([keys.member(orgId, userId), ...others]);
  return { member: found.get(keyId(keys.member(orgId, userId))) as MemberRecord | undefined, items: found };
}

export async function getOrgAndMembership(orgId: string, userId: string) {
  const { member, items } = await getWithMembership(orgId, userId, [keys.org(orgId)]);
  return { member, org: items.get(keyId(keys.org(orgId))) as OrgRecord | undefined };
}

/**
 * Renames an org if the caller still holds one of `roles` when the write lands.
 * `explain` turns a failed condition into the error the client sees.
 */
export async function renameOrg(
  orgId: string,
  userId: string,
  roles: RoleKey[],
  name: string,
  updatedAt: string,
  /** Rename only if the org was last updated then: the version a client's If-Match named. */
  unchangedSince: string | undefined,
  explain: (failure: ConditionFailure) => Error,
): Promise<void> {
  await transactWrite(
    [
      memberHasRole(orgId, userId, roles),
      {
        Update: {
          TableName: tableName,
          Key: keys.org(orgId),
          UpdateExpression: 'SET #name = :name, updated_at = :updatedAt',
          ConditionExpression: `${existence.exists.ConditionExpression}${unchangedSince ? ' AND updated_at = :unchangedSince' : ''}`,
          ExpressionAttributeNames: { ...existence.exists.ExpressionAttributeNames, '#name': 'name' },
          ExpressionAttributeValues: {
            ':name': name,
            ':updatedAt': updatedAt,
            ...(unchangedSince ? { ':unchangedSince': unchangedSince } : {}),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    ],
    explain,
  );
}

/** `(:role0, :role1)` and its values, for a condition that a role is one of `roles`. */
export function roleList(roles: RoleKey[]) {
  const values = Object.fromEntries(roles.map((role, i) => [`:role${i}`, role]));
  return { list: `(${Object.keys(values).join(', ')})`, values };
}

/**
 * A ConditionCheck that the user is a member holding one of `roles` in the org (or, given a
 * workspace, on that workspace); on failure it returns the membership as it was.
 */
export function memberHasRole(orgId: string, userId: string, roles: RoleKey[], workspaceId?: string): TransactItem {
  const { list, values } = roleList(roles);
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: keys.member(orgId, userId),
      ConditionExpression: `#role IN ${list}${workspaceId ? ` OR #grants.#workspace IN ${list}` : ''}`,
      ExpressionAttributeNames: { '#role': 'role', ...(workspaceId ? { '#grants': 'workspaces', '#workspace': workspaceId } : {}) },
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

export interface MembershipPage {
  memberships: MemberRecord[];
  lastOrgId: string | undefined;
}

/** A page of the user's memberships from the user index, ordered by org id. */
export async function listMembershipsOfUser(userId: string, limit: number, afterOrgId?: string): Promise<MembershipPage> {
  const index = TABLE_DEFINITION.indexes.byPerson;
  const result = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.indexName,
      ...partitionQuery(ranges.membershipsOfUser(userId), index),
      Limit: limit + 1,
      ...(afterOrgId ? { ExclusiveStartKey: { ...keys.member(afterOrgId, userId), ...keys.memberInUserIndex(userId, afterOrgId) } } : {}),
    }),
  );
  const items = (result.Items ?? []).map(withoutKeys) as unknown as MemberRecord[];
  const { page, lastId } = takePage(
    items,
    limit,
    lastEvaluatedId(result.LastEvaluatedKey, ranges.membershipsOfUser(userId), index),
    (m) => m.org_id,
  );
  return { memberships: page, lastOrgId: lastId };
}

/** The user's profile and their first `limit` memberships: one query, the profile sorts first. */
export async function getProfileAndMemberships(userId: string, limit: number) {
  const index = TABLE_DEFINITION.indexes.byPerson;
  const result = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.indexName,
      ...partitionQuery(ranges.userIndexOfUser(userId), index),
      Limit: limit + 1,
    }),
  );
  const items = (result.Items ?? []).map(withoutKeys);
  return {
    user: items.find((item) => item.type === 'user') as unknown as UserRecord | undefined,
    memberships: items.filter((item) => item.type === 'member') as unknown as MemberRecord[],
  };
}

export async function getOrgs(orgIds: string[]): Promise<Map<string, OrgRecord>> {
  const found = await batchGet(orgIds.map((orgId) => keys.org(orgId)));
  const records = [...found.values()] as unknown as OrgRecord[];
  return new Map(records.map((org) => [org.id, org]));
}
