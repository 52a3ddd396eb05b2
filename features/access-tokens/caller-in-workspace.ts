// Who is asking for a workspace access token, in which role and with which permissions there: a
// person's standing (membership) or a key's own, read with the workspace in one DynamoDB request.
import { apiKeyPermissions, type Permission, type RoleKey } from '../../shared/vocabulary/policy.js';
import type { Principal } from '../../shared/vocabulary/principal.js';
import { workspaceRoleOf } from '../members/access.js';
import { callerAccess, callerKey, requireCallerWorkspacePermission } from '../members/caller.js';
import type { WorkspaceRecord } from '../workspaces/workspace-entity.js';
import { getWorkspaceAndCaller } from '../workspaces/workspace-store.js';
import { workspacePermissionsOf } from './access-token.js';

export interface CallerInWorkspace {
  principalType: 'user' | 'api_key';
  /** The caller's effective role there: an org admin is admin of every workspace; a key holds its own. */
  role: RoleKey;
  /** What the role lets the caller do there; for a key, what keys may do at all (policy.ts). */
  permissions: Permission[];
  /** Undefined when the workspace is gone (a deleted workspace's grants outlive it for a moment). */
  workspace: WorkspaceRecord | undefined;
}

/**
 * 404, as for a random id, for a non-member, a member without access to the workspace and a key of
 * another workspace, exactly as GET …/workspaces/{id} answers them; a key that no longer works, 401.
 */
export async function callerInWorkspace(principal: Principal, orgId: string, workspaceId: string): Promise<CallerInWorkspace> {
  const { caller, workspace } = await getWorkspaceAndCaller(orgId, workspaceId, callerKey(principal, orgId));
  const access = callerAccess(principal, caller);
  requireCallerWorkspacePermission(access, workspaceId, 'workspace:read');
  if (access!.type === 'api_key') {
    const { role } = access!.key;
    return { principalType: 'api_key', role, permissions: apiKeyPermissions(role), workspace };
  }
  const role = workspaceRoleOf(access!.member, workspaceId)!;
  return { principalType: 'user', role, permissions: workspacePermissionsOf(role), workspace };
}
