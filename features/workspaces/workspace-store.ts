import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { batchGet } from '../../shared/table/batch-get.js';
import { queryRange, toRangePage } from '../../shared/table/query-page.js';
import type { PrimaryKey } from '../../shared/table/table-definition.js';
import type { ConditionFailure } from '../../shared/table/transact.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { commitOrThrow } from '../audit/audit-steps.js';
import { joinSettingsEntity } from '../joining/join-settings-entity.js';
import * as joinSteps from '../joining/join-steps.js';
import * as grantCleanupSteps from '../members/grant-cleanup-steps.js';
import { memberEntity } from '../members/member-entity.js';
import * as memberSteps from '../members/member-steps.js';
import * as orgSteps from '../organizations/org-steps.js';
import { type WorkspaceRecord, workspaceEntity, workspaceRanges } from './workspace-entity.js';
import * as workspaceSteps from './workspace-steps.js';

export async function getWorkspaceAndMembership(orgId: string, workspaceId: string, userId: string) {
  const memberKey = memberEntity.key({ org_id: orgId, user_id: userId });
  const workspaceKey = workspaceEntity.key({ org_id: orgId, id: workspaceId });
  const found = await batchGet([memberKey, workspaceKey]);
  return { member: memberEntity.parseOptional(found.get(memberKey)), workspace: workspaceEntity.parseOptional(found.get(workspaceKey)) };
}

/** As getWorkspaceAndMembership, and whether the workspace is the one people joining by domain get (its delete resets that). */
export async function getWorkspaceForDeletion(orgId: string, workspaceId: string, userId: string) {
  const memberKey = memberEntity.key({ org_id: orgId, user_id: userId });
  const workspaceKey = workspaceEntity.key({ org_id: orgId, id: workspaceId });
  const settingsKey = joinSettingsEntity.key({ org_id: orgId });
  const found = await batchGet([memberKey, workspaceKey, settingsKey]);
  return {
    member: memberEntity.parseOptional(found.get(memberKey)),
    workspace: workspaceEntity.parseOptional(found.get(workspaceKey)),
    isJoinDefault: joinSettingsEntity.parseOptional(found.get(settingsKey))?.default_workspace_id === workspaceId,
  };
}

/** The workspace with the item that says what the caller may do there (a membership or an API key), in one BatchGetItem. */
export async function getWorkspaceAndCaller(orgId: string, workspaceId: string, callerKey: PrimaryKey) {
  const workspaceKey = workspaceEntity.key({ org_id: orgId, id: workspaceId });
  const found = await batchGet([callerKey, workspaceKey]);
  return { caller: found.get(callerKey), workspace: workspaceEntity.parseOptional(found.get(workspaceKey)) };
}

export type CreateFailure = 'actor' | 'new_item' | 'workspace_name_taken' | 'workspace_limit';

/**
 * Creates a workspace and grants its creator the admin role on it, if the creator holds one of
 * `creatorRoles` in the org, the name is free and the org is under its workspace limit, all atomically.
 */
export async function createWorkspace(
  workspace: WorkspaceRecord,
  creatorRoles: RoleKey[],
  workspaceLimit: number,
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<CreateFailure>) => Error,
): Promise<void> {
  await commitOrThrow(
    [
      memberSteps.creatorOfWorkspace(workspace.org_id, workspace.created_by, workspace.id, creatorRoles),
      ...workspaceSteps.create(workspace),
      orgSteps.workspaceAdded(workspace.org_id, workspaceLimit),
    ],
    events,
    explain,
  );
}

export type ReplaceFailure = 'actor' | 'workspace' | 'workspace_name_taken';

/**
 * Writes `next` over `current` if the caller still holds one of `roles` (in the org or on this
 * workspace) and nobody changed the workspace since it was read; swaps the name guard on rename.
 */
export async function replaceWorkspace(
  current: WorkspaceRecord,
  next: WorkspaceRecord,
  userId: string,
  roles: RoleKey[],
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<ReplaceFailure>) => Error,
): Promise<void> {
  await commitOrThrow(
    [memberSteps.actorHolds(current.org_id, userId, roles, current.id), ...workspaceSteps.replace(current, next)],
    events,
    explain,
  );
}

export type DeleteFailure = 'actor' | 'workspace' | 'last_workspace' | 'join_settings';

/**
 * Deletes a workspace and releases its name, unless it is the org's last one, and queues the
 * cleanup of its members' grants in the same transaction: a workspace is never gone without it.
 */
export async function deleteWorkspace(
  current: WorkspaceRecord,
  userId: string,
  roles: RoleKey[],
  deletedAt: string,
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<DeleteFailure>) => Error,
  isJoinDefault = false,
): Promise<void> {
  await commitOrThrow<DeleteFailure>(
    [
      memberSteps.actorHolds(current.org_id, userId, roles, current.id),
      ...workspaceSteps.remove(current),
      orgSteps.workspaceRemoved(current.org_id),
      grantCleanupSteps.queue(current.org_id, current.id, deletedAt),
      ...(isJoinDefault ? [joinSteps.forgetDefaultWorkspace(current.org_id, current.id, deletedAt)] : []),
    ],
    events,
    explain,
  );
}

/**
 * The caller's membership and a page of the org's workspaces, requested in parallel: no single
 * key range holds both, and waiting for one before the other would double the latency.
 */
export async function listWorkspacesWithMembership(orgId: string, userId: string, limit: number, afterWorkspaceId?: string) {
  const range = workspaceRanges.workspacesOfOrg(orgId);
  const [membership, result] = await Promise.all([
    db.send(new GetCommand({ TableName: tableName, Key: memberEntity.key({ org_id: orgId, user_id: userId }), ConsistentRead: true })),
    queryRange(range, limit, afterWorkspaceId),
  ]);
  const page = toRangePage(
    result,
    range,
    limit,
    (item) => workspaceEntity.parse(item),
    (workspace) => workspace.id,
  );
  return { member: memberEntity.parseOptional(membership.Item), workspaces: page.items, lastWorkspaceId: page.lastId };
}
