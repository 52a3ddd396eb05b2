// Who is asking for a workspace access token, and in which role: one case per kind of principal,
// each reading what it needs together with the workspace, in one DynamoDB request.
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { requireWorkspacePermission, workspaceRoleOf } from '../members/access.js';
import type { WorkspaceRecord } from '../workspaces/workspace-entity.js';
import { getWorkspaceAndMembership } from '../workspaces/workspace-store.js';

export interface CallerInWorkspace {
  principalType: 'user' | 'api_key';
  /** The caller's effective role there: an org admin is admin of every workspace. */
  role: RoleKey;
  /** Undefined when the workspace is gone (a deleted workspace's grants outlive it for a moment). */
  workspace: WorkspaceRecord | undefined;
}

/**
 * 404, as for a random id, for a non-member and for a member without access to the workspace,
 * exactly as GET …/workspaces/{id} answers them. An API key (`api_key`, from the API keys issue on)
 * would read the workspace alone and hold its own role in its own workspace only.
 */
export async function callerInWorkspace(principal: Principal, orgId: string, workspaceId: string): Promise<CallerInWorkspace> {
  const user = requireUser(principal);
  const { member, workspace } = await getWorkspaceAndMembership(orgId, workspaceId, user.userId);
  requireWorkspacePermission(member, workspaceId, 'workspace:read');
  return { principalType: 'user', role: workspaceRoleOf(member!, workspaceId)!, workspace };
}
