// Memberships: the org role and workspace grants of each member, kept in step with the org's
// admin count and the member's email guard by the transactions below.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { batchGet } from '../../shared/table/batch-get.js';
import { queryRange, toRangePage } from '../../shared/table/query-page.js';
import { type Step, steps } from '../../shared/table/steps.js';
import type { PrimaryKey } from '../../shared/table/table-definition.js';
import type { ConditionFailure } from '../../shared/table/transact.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import type { Principal } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { commit, commitOrThrow } from '../audit/audit-steps.js';
import * as joinSteps from '../joining/join-steps.js';
import * as orgSteps from '../organizations/org-steps.js';
import { workspaceEntity } from '../workspaces/workspace-entity.js';
import * as workspaceSteps from '../workspaces/workspace-steps.js';
import { type MemberRecord, memberEntity, memberRanges } from './member-entity.js';
import * as memberSteps from './member-steps.js';

const parseMember = (item: Record<string, unknown>) => memberEntity.parse(item);

/** Memberships of some users of one org (one BatchGetItem); a user who is not a member is absent. */
export async function getMembers(orgId: string, userIds: string[]): Promise<Map<string, MemberRecord>> {
  const keys = [...new Set(userIds)].map((userId) => memberEntity.key({ org_id: orgId, user_id: userId }));
  const found = await batchGet(keys);
  return membersIn(found, keys);
}

function membersIn(found: Awaited<ReturnType<typeof batchGet>>, keys: ReturnType<typeof memberEntity.key>[]): Map<string, MemberRecord> {
  const members = keys.flatMap((key) => {
    const member = memberEntity.parseOptional(found.get(key));
    return member ? [member] : [];
  });
  return new Map(members.map((member) => [member.user_id, member]));
}

/** Memberships of the caller and another user, and a workspace, in one BatchGetItem. */
export async function getMembersAndWorkspace(orgId: string, userIds: string[], workspaceId: string) {
  const workspaceKey = workspaceEntity.key({ org_id: orgId, id: workspaceId });
  const memberKeys = [...new Set(userIds)].map((userId) => memberEntity.key({ org_id: orgId, user_id: userId }));
  const found = await batchGet([...memberKeys, workspaceKey]);
  return { workspace: workspaceEntity.parseOptional(found.get(workspaceKey)), members: membersIn(found, memberKeys) };
}

async function getMember(orgId: string, userId: string): Promise<MemberRecord | undefined> {
  const result = await db.send(
    new GetCommand({ TableName: tableName, Key: memberEntity.key({ org_id: orgId, user_id: userId }), ConsistentRead: true }),
  );
  return memberEntity.parseOptional(result.Item);
}

/** The caller's membership and a page of the org's members, in parallel. */
export async function listMembersWithMembership(orgId: string, userId: string, limit: number, afterUserId?: string) {
  const range = memberRanges.membersOfOrg(orgId);
  const [member, result] = await Promise.all([getMember(orgId, userId), queryRange(range, limit, afterUserId)]);
  return { member, ...toRangePage(result, range, limit, parseMember, (m) => m.user_id) };
}

/** The caller's membership with the workspace, and a page of the members who can see it (its members and the org admins). */
/** The workspace, the caller's standing (a membership or an API key) and a page of the workspace's members, in parallel. */
export async function listWorkspaceMembersWithAccess(
  orgId: string,
  workspaceId: string,
  callerKey: PrimaryKey,
  limit: number,
  afterUserId?: string,
) {
  const range = memberRanges.membersOfOrg(orgId);
  const workspaceKey = workspaceEntity.key({ org_id: orgId, id: workspaceId });
  const [found, result] = await Promise.all([
    batchGet([callerKey, workspaceKey]),
    queryRange(range, limit, afterUserId, {
      expression: '#role = :admin OR attribute_exists(#grants.#workspace)',
      names: { '#role': 'role', '#grants': 'workspaces', '#workspace': workspaceId },
      values: { ':admin': 'admin' },
    }),
  ]);
  return {
    caller: found.get(callerKey),
    workspace: workspaceEntity.parseOptional(found.get(workspaceKey)),
    ...toRangePage(result, range, limit, parseMember, (m) => m.user_id),
  };
}

/** Only an org's admins may act on another member; acting on yourself needs no such check. */
function actorCheck(orgId: string, actorId: string, target: MemberRecord, roles: RoleKey[], workspaceId?: string): Step<'actor'>[] {
  return actorId === target.user_id ? [] : [memberSteps.actorHolds(orgId, actorId, roles, workspaceId)];
}

export type RoleChangeFailure = 'actor' | 'member' | 'last_admin' | 'org';

/** Sets a member's org role, if the membership is still the version that was read and the actor is still an admin. */
export async function changeRole(
  target: MemberRecord,
  role: RoleKey,
  actorId: string,
  actorRoles: RoleKey[],
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<RoleChangeFailure>) => Error,
): Promise<void> {
  await commitOrThrow<RoleChangeFailure>(
    [
      ...actorCheck(target.org_id, actorId, target, actorRoles),
      memberSteps.changeRole(target, role),
      ...(target.role === 'admin' ? [orgSteps.adminSeatGivenUp(target.org_id)] : []),
      ...(role === 'admin' ? [orgSteps.adminSeatTaken(target.org_id)] : []),
    ],
    events,
    explain,
  );
}

/**
 * Removes a membership (if still the version that was read) with its workspace grants and email
 * guard, giving up its admin seat if it held one. The address is blocked from joining again by
 * its domain (features/joining): leaving sticks, and an admin's removal holds until they invite it.
 */
export async function removeMember(
  target: MemberRecord,
  actorId: string,
  actorRoles: RoleKey[],
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<RoleChangeFailure>) => Error,
): Promise<void> {
  const { org_id, email, user_id } = target;
  const reason = actorId === user_id ? 'left' : 'removed';
  await commitOrThrow<RoleChangeFailure>(
    [
      ...actorCheck(target.org_id, actorId, target, actorRoles),
      ...memberSteps.leave(target),
      ...(target.role === 'admin' ? [orgSteps.adminSeatGivenUp(target.org_id)] : []),
      joinSteps.block('member', { org_id, email, user_id, reason, created_at: events[0]?.occurred_at ?? new Date().toISOString() }),
    ],
    events,
    explain,
  );
}

export type GrantFailure = 'actor' | 'member' | 'workspace';

/**
 * Grants an org member a role in a workspace, if the actor may manage its members, the membership
 * is still the version that was read (a non-admin member of the org), and the workspace still exists.
 */
export async function setWorkspaceRole(
  target: MemberRecord,
  workspaceId: string,
  role: RoleKey,
  actorId: string,
  actorRoles: RoleKey[],
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<GrantFailure>) => Error,
): Promise<void> {
  const self = actorId === target.user_id;
  await commitOrThrow<GrantFailure>(
    [
      ...actorCheck(target.org_id, actorId, target, actorRoles, workspaceId),
      memberSteps.grantWorkspace(target, workspaceId, role, self ? actorRoles : undefined),
      workspaceSteps.exists('workspace', target.org_id, workspaceId),
    ],
    events,
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
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<'actor' | 'member'>) => Error,
): Promise<void> {
  await commitOrThrow<'actor' | 'member'>(
    [
      ...(actorId === userId ? [] : [memberSteps.actorHolds(orgId, actorId, actorRoles, workspaceId)]),
      memberSteps.dropWorkspace(orgId, userId, workspaceId),
    ],
    events,
    explain,
  );
}

/**
 * Removes a deleted workspace's grant from every member holding one, a page at a time. Each update
 * is conditioned on the grant (not on a version: a member changed meanwhile must still lose it),
 * so running twice (a replayed stream record) changes nothing; each drop moves the version on.
 */
export async function dropWorkspaceGrants(orgId: string, workspaceId: string, job: Principal): Promise<number> {
  const range = memberRanges.membersOfOrg(orgId);
  const grant = { '#grants': 'workspaces', '#workspace': workspaceId };
  const dropGrant = memberSteps.nextVersion({ expression: 'REMOVE #grants.#workspace', names: grant });
  let dropped = 0;
  let after: string | undefined;
  do {
    const result = await queryRange(range, 100, after, {
      expression: 'attribute_exists(#grants.#workspace)',
      names: grant,
    });
    const page = toRangePage(result, range, 100, parseMember, (m) => m.user_id);
    for (const member of page.items) {
      const event = auditEvent(job, {
        action: 'workspace_member.removed',
        orgId,
        workspaceId,
        targets: [
          { type: 'user', id: member.user_id, ...(member.name ? { name: member.name } : {}) },
          { type: 'workspace', id: workspaceId },
        ],
        changes: { role: { from: member.workspaces?.[workspaceId] ?? null, to: null } },
        source: 'system',
      });
      const drop = steps.update('grant', memberEntity.key(member), dropGrant, {
        condition: { expression: 'attribute_exists(#grants.#workspace)', names: grant },
      });
      // A grant already gone (a replayed record, the sweep and the consumer at once) was dropped and recorded by the other run.
      if ((await commit([drop], [event])).ok) dropped++;
    }
    after = page.lastId;
  } while (after);
  return dropped;
}
