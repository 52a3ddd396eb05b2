// Turns what the table said about the caller into an answer: the resource, 403, or the same 404
// that a random id gets, so nobody outside an org learns what exists inside it.
import type { ConditionFailure } from '../../shared/table/transact.js';
import { ForbiddenError, NotFoundError } from '../../shared/vocabulary/errors.js';
import { effectiveWorkspaceRole, type Permission, type RoleKey, roleGrants } from '../../shared/vocabulary/policy.js';
import type { MemberRecord } from './member-entity.js';

export const ORG_NOT_FOUND = 'Organization';
export const WORKSPACE_NOT_FOUND = 'Workspace';
export const MEMBER_NOT_FOUND = 'Member';

/** The caller's org role if it grants `permission`; 404 for non-members, 403 for a weaker role. */
export function requireOrgPermission(member: MemberRecord | undefined, permission: Permission): RoleKey {
  if (!member) throw new NotFoundError(ORG_NOT_FOUND);
  if (!roleGrants(member.role, permission)) throw new ForbiddenError();
  return member.role;
}

export function workspaceRoleOf(member: MemberRecord, workspaceId: string): RoleKey | undefined {
  return effectiveWorkspaceRole(member.role, member.workspaces?.[workspaceId]);
}

/**
 * For a workspace-level permission: a workspace the caller is not a member of is invisible (404);
 * a member whose role there is too weak gets 403.
 */
export function requireWorkspacePermission(member: MemberRecord | undefined, workspaceId: string, permission: Permission): void {
  if (!member) throw new NotFoundError(ORG_NOT_FOUND);
  const role = workspaceRoleOf(member, workspaceId);
  if (!role) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  if (!roleGrants(role, permission)) throw new ForbiddenError();
}

/** For a membership condition that failed at write time: gone → 404, still there → its role is too weak now. */
export function membershipFailure(failure: ConditionFailure<string>): Error {
  return failure.item ? new ForbiddenError() : new NotFoundError(ORG_NOT_FOUND);
}
