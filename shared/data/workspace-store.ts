import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../clients.js';
import type { RoleKey } from '../domain/roles.js';
import { keyId } from './batch-get.js';
import { workspaceItem, workspaceNameGuard } from './items.js';
import { existence, keys, lastEvaluatedId, normalizeName, partitionQuery, ranges, withoutKeys } from './keys.js';
import { getWithMembership, memberHasRole, roleList } from './org-store.js';
import { takePage } from './page-cursor.js';
import type { MemberRecord, WorkspaceRecord } from './records.js';
import { type ConditionFailure, type TransactItem, transactWrite } from './transactions.js';

export async function getWorkspaceAndMembership(orgId: string, workspaceId: string, userId: string) {
  const { member, items } = await getWithMembership(orgId, userId, [keys.workspace(orgId, workspaceId)]);
  return { member, workspace: items.get(keyId(keys.workspace(orgId, workspaceId))) as WorkspaceRecord | undefined };
}

/**
 * Creates a workspace and grants its creator the admin role on it, if the creator holds one of
 * `creatorRoles` in the org, the name is free and the org is under its workspace limit, all atomically.
 * Transaction order, for `explain`: 0 creator's membership, 1 workspace, 2 name guard, 3 org counter.
 */
export async function createWorkspace(
  workspace: WorkspaceRecord,
  creatorRoles: RoleKey[],
  workspaceLimit: number,
  explain: (failure: ConditionFailure) => Error,
): Promise<void> {
  const { list, values } = roleList(creatorRoles);
  await transactWrite(
    [
      {
        Update: {
          TableName: tableName,
          Key: keys.member(workspace.org_id, workspace.created_by),
          UpdateExpression: 'SET #grants.#workspace = :admin',
          ConditionExpression: `#role IN ${list}`,
          ExpressionAttributeNames: { '#grants': 'workspaces', '#workspace': workspace.id, '#role': 'role' },
          ExpressionAttributeValues: { ...values, ':admin': 'admin' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      { Put: { TableName: tableName, Item: workspaceItem(workspace), ...existence.isNew } },
      { Put: { TableName: tableName, Item: workspaceNameGuard(workspace), ...existence.isNew } },
      {
        Update: {
          TableName: tableName,
          Key: keys.org(workspace.org_id),
          UpdateExpression: 'SET workspace_count = workspace_count + :one',
          ConditionExpression: 'workspace_count < :limit',
          ExpressionAttributeValues: { ':one': 1, ':limit': workspaceLimit },
        },
      },
    ],
    explain,
  );
}

/**
 * Writes `next` over `current` if the caller still holds one of `roles` (in the org or on this
 * workspace) and nobody changed the workspace since it was read; swaps the name guard on rename.
 * Transaction order, for `explain`: 0 caller's membership, 1 workspace, then 2 old and 3 new name guard.
 */
export async function replaceWorkspace(
  current: WorkspaceRecord,
  next: WorkspaceRecord,
  userId: string,
  roles: RoleKey[],
  explain: (failure: ConditionFailure) => Error,
): Promise<void> {
  const items: TransactItem[] = [
    memberHasRole(current.org_id, userId, roles, current.id),
    {
      Put: {
        TableName: tableName,
        Item: workspaceItem(next),
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': current.version },
      },
    },
  ];
  if (normalizeName(current.name) !== normalizeName(next.name)) {
    items.push(
      { Delete: { TableName: tableName, Key: keys.workspaceName(current.org_id, current.name) } },
      { Put: { TableName: tableName, Item: workspaceNameGuard(next), ...existence.isNew } },
    );
  }
  await transactWrite(items, explain);
}

/**
 * Deletes a workspace and releases its name, unless it is the org's last one.
 * Transaction order, for `explain`: 0 caller's membership, 1 workspace, 2 name guard, 3 org counter.
 */
export async function deleteWorkspace(
  current: WorkspaceRecord,
  userId: string,
  roles: RoleKey[],
  explain: (failure: ConditionFailure) => Error,
): Promise<void> {
  await transactWrite(
    [
      memberHasRole(current.org_id, userId, roles, current.id),
      {
        Delete: {
          TableName: tableName,
          Key: keys.workspace(current.org_id, current.id),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': current.version },
        },
      },
      { Delete: { TableName: tableName, Key: keys.workspaceName(current.org_id, current.name) } },
      {
        Update: {
          TableName: tableName,
          Key: keys.org(current.org_id),
          UpdateExpression: 'SET workspace_count = workspace_count - :one',
          ConditionExpression: 'workspace_count > :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ],
    explain,
  );
}

/**
 * The caller's membership and a page of the org's workspaces, requested in parallel: no single
 * key range holds both, and waiting for one before the other would double the latency.
 */
export async function listWorkspacesWithMembership(orgId: string, userId: string, limit: number, afterWorkspaceId?: string) {
  const [membership, page] = await Promise.all([
    db.send(new GetCommand({ TableName: tableName, Key: keys.member(orgId, userId), ConsistentRead: true })),
    db.send(
      new QueryCommand({
        TableName: tableName,
        ...partitionQuery(ranges.workspacesOfOrg(orgId)),
        Limit: limit + 1,
        ConsistentRead: true,
        ...(afterWorkspaceId ? { ExclusiveStartKey: keys.workspace(orgId, afterWorkspaceId) } : {}),
      }),
    ),
  ]);
  const items = (page.Items ?? []).map(withoutKeys) as unknown as WorkspaceRecord[];
  const { page: workspaces, lastId } = takePage(
    items,
    limit,
    lastEvaluatedId(page.LastEvaluatedKey, ranges.workspacesOfOrg(orgId)),
    (w) => w.id,
  );
  return {
    member: membership.Item ? (withoutKeys(membership.Item) as unknown as MemberRecord) : undefined,
    workspaces,
    lastWorkspaceId: lastId,
  };
}
