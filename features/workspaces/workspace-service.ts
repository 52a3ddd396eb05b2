import { config } from '../../shared/config.js';
import { decodeCursor, encodeCursor } from '../../shared/table/page-cursor.js';
import { ConflictError, NotFoundError } from '../../shared/vocabulary/errors.js';
import { newId, nowIso } from '../../shared/vocabulary/ids.js';
import { orgRolesWith, type RoleKey, roleGrants } from '../../shared/vocabulary/policy.js';
import { changedMeanwhile, type IfMatch, requireCurrent } from '../../shared/vocabulary/preconditions.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { auditEvent, changesBetween } from '../audit/audit-event.js';
import {
  membershipFailure,
  requireOrgPermission,
  requireWorkspacePermission,
  WORKSPACE_NOT_FOUND,
  workspaceRoleOf,
} from '../members/access.js';
import { callerAccess, callerKey, requireCallerWorkspacePermission } from '../members/caller.js';
import type { MemberRecord } from '../members/member-entity.js';
import type { CreateWorkspaceInput, ListedWorkspace, ListWorkspacesQuery, UpdateWorkspaceInput, Workspace } from './schemas.js';
import type { WorkspaceRecord } from './workspace-entity.js';
import * as workspaces from './workspace-store.js';

const nameTaken = (name: string) =>
  new ConflictError(
    'workspace_name_taken',
    `A workspace named "${name}" already exists in this organization (names are compared case-insensitively).`,
  );

/** Another request changed the workspace between our read and our write; the client may simply retry. */
const concurrentChange = () =>
  new ConflictError('concurrent_modification', 'The workspace was changed by another request at the same time. Read it again and retry.');

export const workspaceTarget = (workspace: Pick<WorkspaceRecord, 'id' | 'name'>) => ({
  type: 'workspace',
  id: workspace.id,
  name: workspace.name,
});

/** A workspace as the caller sees it: `role` is theirs there (an org admin's is admin everywhere), or null. */
export function toWorkspace(record: WorkspaceRecord, role: RoleKey | null): Workspace {
  const { id, org_id, name, icon_url, status, created_by, created_at, updated_at } = record;
  return { id, org_id, name, icon_url, status, discoverable: isDiscoverable(record), role, created_by, created_at, updated_at };
}

/** Workspaces written before the setting existed are discoverable. */
export const isDiscoverable = (record: Pick<WorkspaceRecord, 'discoverable'>) => record.discoverable ?? true;

const roleOf = (member: MemberRecord, workspaceId: string) => workspaceRoleOf(member, workspaceId) ?? null;

export async function createWorkspace(principal: Principal, orgId: string, input: CreateWorkspaceInput): Promise<Workspace> {
  const user = requireUser(principal);
  const now = nowIso();
  const record: WorkspaceRecord = {
    id: newId(),
    org_id: orgId,
    name: input.name,
    icon_url: input.icon_url ?? null,
    status: input.status,
    created_by: user.userId,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  const limit = config().workspaceLimitPerOrg;
  const events = [
    auditEvent(principal, { action: 'workspace.created', orgId, workspaceId: record.id, targets: [workspaceTarget(record)], at: now }),
    auditEvent(principal, {
      action: 'workspace_member.added',
      orgId,
      workspaceId: record.id,
      targets: [{ type: 'user', id: user.userId, ...(user.name ? { name: user.name } : {}) }, workspaceTarget(record)],
      changes: { role: { from: null, to: 'admin' } },
      at: now,
    }),
  ];
  await workspaces.createWorkspace(record, orgRolesWith('workspace:create'), limit, events, (failure) => {
    switch (failure.label) {
      case 'actor':
        return membershipFailure(failure);
      case 'workspace_name_taken':
        return nameTaken(input.name);
      case 'workspace_limit':
        return new ConflictError(
          'workspace_limit_reached',
          `This organization already has the maximum of ${limit} workspaces. Delete one or ask for a higher limit.`,
        );
      case 'new_item':
        return new Error('A freshly generated workspace id collided');
    }
  });
  return toWorkspace(record, 'admin');
}

/** For a person or an API key of this workspace; the key is re-checked in the same read. */
export async function getWorkspace(principal: Principal, orgId: string, workspaceId: string): Promise<Workspace> {
  const { caller, workspace } = await workspaces.getWorkspaceAndCaller(orgId, workspaceId, callerKey(principal, orgId));
  const access = callerAccess(principal, caller);
  requireCallerWorkspacePermission(access, workspaceId, 'workspace:read');
  if (!workspace) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  return toWorkspace(workspace, access?.type === 'api_key' ? access.key.role : roleOf(access!.member, workspaceId));
}

/**
 * Org admins see every workspace; everyone else the workspaces they are a member of, or with
 * `access=all` every active one except those hidden from non-members.
 */
export async function listWorkspaces(principal: Principal, orgId: string, query: ListWorkspacesQuery) {
  const scope = ['workspaces', orgId, ...(query.access ? [query.access] : [])];
  const result = await workspaces.listWorkspacesWithMembership(
    orgId,
    requireUser(principal).userId,
    query.limit,
    decodeCursor(query.cursor, scope),
  );
  requireOrgPermission(result.member, 'workspace:read');
  const member = result.member!;
  const listed = result.workspaces.flatMap((workspace): ListedWorkspace[] => {
    const role = roleOf(member, workspace.id);
    if (roleGrants(role ?? undefined, 'workspace:read')) return [{ ...toWorkspace(workspace, role), access: 'member' as const }];
    if (query.access === 'all' && workspace.status === 'active' && isDiscoverable(workspace))
      return [{ ...toWorkspace(workspace, null), access: 'none' as const }];
    return [];
  });
  return { data: listed, next_cursor: encodeCursor(result.lastWorkspaceId, scope) };
}

export async function updateWorkspace(
  principal: Principal,
  orgId: string,
  workspaceId: string,
  input: UpdateWorkspaceInput,
  ifMatch?: IfMatch,
): Promise<Workspace> {
  const user = requireUser(principal);
  const { member, workspace } = await workspaces.getWorkspaceAndMembership(orgId, workspaceId, user.userId);
  requireWorkspacePermission(member, workspaceId, 'workspace:update');
  if (!workspace) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  const role = roleOf(member!, workspaceId);
  const current = toWorkspace(workspace, role);
  requireCurrent(ifMatch, 'workspace', current);
  const name = input.name ?? workspace.name;
  const icon_url = input.icon_url === undefined ? workspace.icon_url : input.icon_url;
  const status = input.status ?? workspace.status;
  const discoverable = input.discoverable ?? isDiscoverable(workspace);
  // Nothing to change: a write would only move updated_at and the ETag, and so fail other clients' If-Match.
  if (
    name === workspace.name &&
    icon_url === workspace.icon_url &&
    status === workspace.status &&
    discoverable === isDiscoverable(workspace)
  )
    return current;
  const next: WorkspaceRecord = {
    ...workspace,
    name,
    icon_url,
    status,
    discoverable,
    updated_at: nowIso(),
    version: workspace.version + 1,
  };
  const event = auditEvent(principal, {
    action: 'workspace.updated',
    orgId,
    workspaceId,
    targets: [workspaceTarget(next)],
    changes: changesBetween({ ...workspace, discoverable: isDiscoverable(workspace) }, next, [
      'name',
      'icon_url',
      'status',
      'discoverable',
    ]),
    at: next.updated_at,
  });
  await workspaces.replaceWorkspace(workspace, next, user.userId, orgRolesWith('workspace:update'), [event], (failure) => {
    switch (failure.label) {
      case 'actor':
        return membershipFailure(failure);
      case 'workspace':
        return changedMeanwhile(ifMatch, 'workspace', concurrentChange);
      case 'workspace_name_taken':
        return nameTaken(next.name);
    }
  });
  return toWorkspace(next, role);
}

export async function deleteWorkspace(principal: Principal, orgId: string, workspaceId: string, ifMatch?: IfMatch): Promise<void> {
  const user = requireUser(principal);
  const { member, workspace, isJoinDefault } = await workspaces.getWorkspaceForDeletion(orgId, workspaceId, user.userId);
  requireWorkspacePermission(member, workspaceId, 'workspace:delete');
  if (!workspace) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  requireCurrent(ifMatch, 'workspace', toWorkspace(workspace, roleOf(member!, workspaceId)));
  const deletedAt = nowIso();
  const event = auditEvent(principal, {
    action: 'workspace.deleted',
    orgId,
    workspaceId,
    targets: [workspaceTarget(workspace)],
    at: deletedAt,
  });
  await workspaces.deleteWorkspace(
    workspace,
    user.userId,
    orgRolesWith('workspace:delete'),
    deletedAt,
    [event],
    (failure) => {
      switch (failure.label) {
        case 'actor':
          return membershipFailure(failure);
        case 'workspace':
          return changedMeanwhile(ifMatch, 'workspace', concurrentChange);
        case 'last_workspace':
          return new ConflictError(
            'last_workspace',
            'An organization keeps at least one workspace. Create another before deleting this one.',
          );
        case 'join_settings':
          return concurrentChange();
      }
    },
    isJoinDefault,
  );
}
