import type { PageQuery } from '../../shared/http/schemas.js';
import { decodeCursor, encodeCursor } from '../../shared/table/page-cursor.js';
import type { ConditionFailure } from '../../shared/table/transact.js';
import { ConflictError, NotFoundError } from '../../shared/vocabulary/errors.js';
import { orgRolesWith, type RoleKey } from '../../shared/vocabulary/policy.js';
import { changedMeanwhile, type IfMatch, requireCurrent } from '../../shared/vocabulary/preconditions.js';
import { type Principal, requireUser, type UserPrincipal } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import {
  MEMBER_NOT_FOUND,
  membershipFailure,
  requireOrgPermission,
  requireWorkspacePermission,
  WORKSPACE_NOT_FOUND,
  workspaceRoleOf,
} from './access.js';
import { callerAccess, callerKey, requireCallerWorkspacePermission } from './caller.js';
import { type MemberRecord, memberEntity } from './member-entity.js';
import * as members from './member-store.js';
import type { Member, WorkspaceMember } from './schemas.js';

const memberTarget = (member: Pick<MemberRecord, 'user_id' | 'name' | 'email'>) => ({
  type: 'user',
  id: member.user_id,
  name: member.name ?? member.email,
});
const workspaceTarget = (workspaceId: string, name?: string) => ({ type: 'workspace', id: workspaceId, ...(name ? { name } : {}) });

const lastAdmin = () =>
  new ConflictError(
    'last_admin',
    "This is the organization's last admin. Make another member an admin first; then this one can step down or leave.",
  );

const concurrentChange = () =>
  new ConflictError('concurrent_modification', 'The membership was changed by another request at the same time. Read it again and retry.');

export function toMember(record: MemberRecord): Member {
  return {
    user_id: record.user_id,
    email: record.email,
    name: record.name,
    role: record.role,
    joined_at: record.joined_at,
    // By workspace id (creation order): the table keeps a map, whose order is not stable, and the ETag digests this list.
    workspaces: Object.entries(record.workspaces ?? {})
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([workspace_id, role]) => ({ workspace_id, role })),
  };
}

function toWorkspaceMember(record: MemberRecord, workspaceId: string): WorkspaceMember {
  return {
    user_id: record.user_id,
    email: record.email,
    name: record.name,
    role: workspaceRoleOf(record, workspaceId)!,
    org_role: record.role,
    inherited: record.role === 'admin',
  };
}

export async function listMembers(principal: Principal, orgId: string, page: PageQuery) {
  const caller = requireUser(principal);
  const scope = ['members', orgId];
  const result = await members.listMembersWithMembership(orgId, caller.userId, page.limit, decodeCursor(page.cursor, scope));
  requireOrgPermission(result.member, 'member:read');
  return { data: result.items.map(toMember), next_cursor: encodeCursor(result.lastId, scope) };
}

/** The caller's membership (404 if none) and the target's, with the caller's right to act on the target checked. */
async function callerAndTarget(caller: UserPrincipal, orgId: string, userId: string) {
  const found = await members.getMembers(orgId, [caller.userId, userId]);
  const actor = found.get(caller.userId);
  if (caller.userId !== userId || !actor) requireOrgPermission(actor, 'member:manage');
  const target = found.get(userId);
  if (!target) throw new NotFoundError(MEMBER_NOT_FOUND);
  return target;
}

const explainRoleChange = (failure: ConditionFailure<members.RoleChangeFailure>) => {
  switch (failure.label) {
    case 'actor':
      return membershipFailure(failure);
    case 'member':
      return failure.item ? concurrentChange() : new NotFoundError(MEMBER_NOT_FOUND);
    case 'last_admin':
      return lastAdmin();
    case 'org':
      return new NotFoundError('Organization');
  }
};

export async function updateMember(
  principal: Principal,
  orgId: string,
  userId: string,
  input: { role: RoleKey },
  ifMatch?: IfMatch,
): Promise<Member> {
  const caller = requireUser(principal);
  const target = await callerAndTarget(caller, orgId, userId);
  if (caller.userId === userId) requireOrgPermission(target, 'member:manage');
  requireCurrent(ifMatch, 'membership', toMember(target));
  if (target.role === input.role) return toMember(target);
  const event = auditEvent(principal, {
    action: 'member.role_changed',
    orgId,
    targets: [memberTarget(target)],
    changes: { role: { from: target.role, to: input.role } },
  });
  await members.changeRole(target, input.role, caller.userId, orgRolesWith('member:manage'), [event], (failure) =>
    failure.label === 'member' && failure.item ? changedMeanwhile(ifMatch, 'membership', concurrentChange) : explainRoleChange(failure),
  );
  return toMember({ ...target, role: input.role });
}

/** Any member may read any other member of the org, as in the member list. */
export async function getMember(principal: Principal, orgId: string, userId: string): Promise<Member> {
  const caller = requireUser(principal);
  const found = await members.getMembers(orgId, [caller.userId, userId]);
  requireOrgPermission(found.get(caller.userId), 'member:read');
  const target = found.get(userId);
  if (!target) throw new NotFoundError(MEMBER_NOT_FOUND);
  return toMember(target);
}

/** Admins remove members; anyone may remove themselves, which is leaving the org. */
export async function removeMember(principal: Principal, orgId: string, userId: string): Promise<void> {
  const caller = requireUser(principal);
  const target = await callerAndTarget(caller, orgId, userId);
  const event = auditEvent(principal, {
    action: caller.userId === userId ? 'member.left' : 'member.removed',
    orgId,
    targets: [memberTarget(target)],
    changes: { role: { from: target.role, to: null }, workspaces: { from: toMember(target).workspaces, to: null } },
  });
  await members.removeMember(target, caller.userId, orgRolesWith('member:manage'), [event], explainRoleChange);
}

/** For a person or an API key of this workspace; the key is re-checked in the same read. */
export async function listWorkspaceMembers(principal: Principal, orgId: string, workspaceId: string, page: PageQuery) {
  const scope = ['workspace-members', orgId, workspaceId];
  const result = await members.listWorkspaceMembersWithAccess(
    orgId,
    workspaceId,
    callerKey(principal, orgId),
    page.limit,
    decodeCursor(page.cursor, scope),
  );
  requireCallerWorkspacePermission(callerAccess(principal, result.caller), workspaceId, 'workspace:read');
  if (!result.workspace) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  return { data: result.items.map((member) => toWorkspaceMember(member, workspaceId)), next_cursor: encodeCursor(result.lastId, scope) };
}

export async function putWorkspaceMember(
  principal: Principal,
  orgId: string,
  workspaceId: string,
  userId: string,
  input: { role: RoleKey },
): Promise<WorkspaceMember> {
  const caller = requireUser(principal);
  const { members: found, workspace } = await members.getMembersAndWorkspace(orgId, [caller.userId, userId], workspaceId);
  requireWorkspacePermission(found.get(caller.userId), workspaceId, 'workspace_member:manage');
  if (!workspace) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  const target = found.get(userId);
  if (!target) throw notAnOrgMember();
  if (target.role === 'admin') throw orgAdmin();
  const before = target.workspaces?.[workspaceId];
  if (before === input.role) return toWorkspaceMember(target, workspaceId);
  const event = auditEvent(principal, {
    action: before ? 'workspace_member.role_changed' : 'workspace_member.added',
    orgId,
    workspaceId,
    targets: [memberTarget(target), workspaceTarget(workspaceId, workspace.name)],
    changes: { role: { from: before ?? null, to: input.role } },
  });
  const manage = orgRolesWith('workspace_member:manage');
  await members.setWorkspaceRole(target, workspaceId, input.role, caller.userId, manage, [event], (failure) => {
    switch (failure.label) {
      case 'actor':
        return failure.item ? workspaceAccessFailure(memberEntity.parse(failure.item), workspaceId) : membershipFailure(failure);
      case 'member':
        return !failure.item ? notAnOrgMember() : memberEntity.parse(failure.item).role === 'admin' ? orgAdmin() : concurrentChange();
      case 'workspace':
        return new NotFoundError(WORKSPACE_NOT_FOUND);
    }
  });
  return toWorkspaceMember({ ...target, workspaces: { ...target.workspaces, [workspaceId]: input.role } }, workspaceId);
}

/** Workspace members and org admins remove members from a workspace; anyone may leave one. */
export async function removeWorkspaceMember(principal: Principal, orgId: string, workspaceId: string, userId: string): Promise<void> {
  const caller = requireUser(principal);
  // Removed without a read (one round trip), so the event names who and where but not the role they held.
  const event = auditEvent(principal, {
    action: 'workspace_member.removed',
    orgId,
    workspaceId,
    targets: [{ type: 'user', id: userId }, workspaceTarget(workspaceId)],
  });
  const manage = orgRolesWith('workspace_member:manage');
  await members.removeWorkspaceGrant(orgId, workspaceId, userId, caller.userId, manage, [event], (failure) => {
    if (failure.label === 'actor')
      return failure.item ? workspaceAccessFailure(memberEntity.parse(failure.item), workspaceId) : membershipFailure(failure);
    return new NotFoundError('Workspace member');
  });
}

/** A member without a role in the workspace must not learn it exists (404); with a weaker role, 403. */
function workspaceAccessFailure(actor: MemberRecord, workspaceId: string): Error {
  try {
    requireWorkspacePermission(actor, workspaceId, 'workspace_member:manage');
  } catch (error) {
    return error as Error;
  }
  return concurrentChange();
}

const notAnOrgMember = () =>
  new ConflictError(
    'not_an_org_member',
    'Only members of the organization can be added to its workspaces. Invite this person to the organization first.',
  );

const orgAdmin = () =>
  new ConflictError(
    'org_admin',
    'Org admins are admins of every workspace already. Change their org role first to give them a narrower workspace role.',
  );
