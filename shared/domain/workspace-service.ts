import { config } from '../config.js';
import { decodeCursor, encodeCursor } from '../data/page-cursor.js';
import type { WorkspaceRecord } from '../data/records.js';
import * as workspaces from '../data/workspace-store.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Caller } from '../http/caller.js';
import { newId, nowIso } from '../ids.js';
import type { PageQuery } from '../schemas/common.js';
import type { CreateWorkspaceInput, UpdateWorkspaceInput, Workspace } from '../schemas/workspaces.js';
import { membershipFailure, requireOrgPermission, requireWorkspacePermission, WORKSPACE_NOT_FOUND, workspaceRoleOf } from './access.js';
import { changedMeanwhile, type IfMatch, requireCurrent } from './preconditions.js';
import { orgRolesWith, roleGrants } from './roles.js';

const nameTaken = (name: string) =>
  new ConflictError(
    'workspace_name_taken',
    `A workspace named "${name}" already exists in this organization (names are compared case-insensitively).`,
  );

/** Another request changed the workspace between our read and our write; the client may simply retry. */
const concurrentChange = () =>
  new ConflictError('concurrent_modification', 'The workspace was changed by another request at the same time. Read it again and retry.');

export function toWorkspace(record: WorkspaceRecord): Workspace {
  const { id, org_id, name, icon_url, status, created_by, created_at, updated_at } = record;
  return { id, org_id, name, icon_url, status, created_by, created_at, updated_at };
}

export async function createWorkspace(caller: Caller, orgId: string, input: CreateWorkspaceInput): Promise<Workspace> {
  const now = nowIso();
  const record: WorkspaceRecord = {
    id: newId(),
    org_id: orgId,
    name: input.name,
    icon_url: input.icon_url ?? null,
    status: input.status,
    created_by: caller.userId,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  const limit = config().workspaceLimitPerOrg;
  await workspaces.createWorkspace(record, orgRolesWith('workspace:create'), limit, (failure) => {
    switch (failure.index) {
      case 0:
        return membershipFailure(failure);
      case 2:
        return nameTaken(input.name);
      case 3:
        return new ConflictError(
          'workspace_limit_reached',
          `This organization already has the maximum of ${limit} workspaces. Delete one or ask for a higher limit.`,
        );
      default:
        return new Error(`Unexpected condition failure at ${failure.index}`);
    }
  });
  return toWorkspace(record);
}

export async function getWorkspace(caller: Caller, orgId: string, workspaceId: string): Promise<Workspace> {
  const { member, workspace } = await workspaces.getWorkspaceAndMembership(orgId, workspaceId, caller.userId);
  requireWorkspacePermission(member, workspaceId, 'workspace:read');
  if (!workspace) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  return toWorkspace(workspace);
}

/** Org admins see every workspace; everyone else the workspaces they are a member of. */
export async function listWorkspaces(caller: Caller, orgId: string, page: PageQuery) {
  const scope = ['workspaces', orgId];
  const result = await workspaces.listWorkspacesWithMembership(orgId, caller.userId, page.limit, decodeCursor(page.cursor, scope));
  requireOrgPermission(result.member, 'workspace:read');
  const member = result.member!;
  const visible = result.workspaces.filter((workspace) => roleGrants(workspaceRoleOf(member, workspace.id), 'workspace:read'));
  return { data: visible.map(toWorkspace), next_cursor: encodeCursor(result.lastWorkspaceId, scope) };
}

export async function updateWorkspace(
  caller: Caller,
  orgId: string,
  workspaceId: string,
  input: UpdateWorkspaceInput,
  ifMatch?: IfMatch,
): Promise<Workspace> {
  const { member, workspace } = await workspaces.getWorkspaceAndMembership(orgId, workspaceId, caller.userId);
  requireWorkspacePermission(member, workspaceId, 'workspace:update');
  if (!workspace) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  requireCurrent(ifMatch, 'workspace', toWorkspace(workspace));
  const next: WorkspaceRecord = {
    ...workspace,
    name: input.name ?? workspace.name,
    icon_url: input.icon_url === undefined ? workspace.icon_url : input.icon_url,
    status: input.status ?? workspace.status,
    updated_at: nowIso(),
    version: workspace.version + 1,
  };
  await workspaces.replaceWorkspace(workspace, next, caller.userId, orgRolesWith('workspace:update'), (failure) => {
    switch (failure.index) {
      case 0:
        return membershipFailure(failure);
      case 1:
        return changedMeanwhile(ifMatch, 'workspace', concurrentChange);
      case 3:
        return nameTaken(next.name);
      default:
        return new Error(`Unexpected condition failure at ${failure.index}`);
    }
  });
  return toWorkspace(next);
}

export async function deleteWorkspace(caller: Caller, orgId: string, workspaceId: string, ifMatch?: IfMatch): Promise<void> {
  const { member, workspace } = await workspaces.getWorkspaceAndMembership(orgId, workspaceId, caller.userId);
  requireWorkspacePermission(member, workspaceId, 'workspace:delete');
  if (!workspace) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  requireCurrent(ifMatch, 'workspace', toWorkspace(workspace));
  await workspaces.deleteWorkspace(workspace, caller.userId, orgRolesWith('workspace:delete'), (failure) => {
    switch (failure.index) {
      case 0:
        return membershipFailure(failure);
      case 1:
        return changedMeanwhile(ifMatch, 'workspace', concurrentChange);
      case 3:
        return new ConflictError(
          'last_workspace',
          'An organization keeps at least one workspace. Create another before deleting this one.',
        );
      default:
        return new Error(`Unexpected condition failure at ${failure.index}`);
    }
  });
}
