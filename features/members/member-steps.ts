// The labelled write steps of memberships, which every feature composes into its transactions:
// the actor's role re-checked at write time, joining and leaving, role changes and workspace grants.
// Every step that changes a membership moves its version on; a step that follows a read of the
// membership is conditioned on the version read, so no change made in between is lost (#12).
import { conditions, type Expression, steps, valueList } from '../../shared/table/steps.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import { type MemberRecord, memberEmailGuard, memberEntity } from './member-entity.js';

/** `#role IN (...)`, or with a workspace, that role in the org or on the workspace. */
function holdsRole(roles: RoleKey[], workspaceId?: string) {
  const { list, values } = valueList('role', roles);
  return {
    expression: `#role IN ${list}${workspaceId ? ` OR #grants.#workspace IN ${list}` : ''}`,
    names: { '#role': 'role', ...(workspaceId ? { '#grants': 'workspaces', '#workspace': workspaceId } : {}) },
    values,
  };
}

/** A workspace grant's attribute path, for updates and conditions on it. */
const grantOn = (workspaceId: string) => ({ '#grants': 'workspaces', '#workspace': workspaceId });

/** An update that changes a membership also moves its version on (ADD counts an item without one from 0). */
export function nextVersion(update: Expression): Expression {
  return { ...update, expression: `${update.expression} ADD version :versionStep`, values: { ...update.values, ':versionStep': 1 } };
}

/**
 * The membership is still the version that was read: `version = :read`, or for one read as
 * version 0 (written before versions), that it exists and still has none.
 */
function atReadVersion(read: Pick<MemberRecord, 'version'>): Expression {
  return read.version
    ? { expression: 'version = :readVersion', values: { ':readVersion': read.version } }
    : conditions.all(conditions.exists, { expression: 'attribute_not_exists(version)' })!;
}

/**
 * The actor is a member holding one of `roles` in the org (or, given a workspace, on that
 * workspace); on failure the membership as it was tells 404 (gone) from 403 (too weak).
 */
export const actorHolds = (orgId: string, userId: string, roles: RoleKey[], workspaceId?: string) =>
  steps.check('actor', memberEntity.key({ org_id: orgId, user_id: userId }), holdsRole(roles, workspaceId));

/** A new membership with its email guard. */
export const join = (member: MemberRecord) => [
  steps.put('already_member', memberEntity.item(member), { condition: conditions.isNew }),
  steps.put('already_member', memberEmailGuard.item({ org_id: member.org_id, email: member.email, user_id: member.user_id }), {
    condition: conditions.isNew,
  }),
];

/** The address belongs to no member of the org. */
export const addressIsFree = (orgId: string, email: string) =>
  steps.check('already_member', memberEmailGuard.key({ org_id: orgId, email }), { expression: 'attribute_not_exists(user_id)' });

/** Sets the org role, if the membership is still the version that was read (which decided the admin count). */
export const changeRole = (target: MemberRecord, role: RoleKey) =>
  steps.update(
    'member',
    memberEntity.key(target),
    nextVersion({ expression: 'SET #role = :role', names: { '#role': 'role' }, values: { ':role': role } }),
    { condition: atReadVersion(target) },
  );

/** Removes the membership (if still the version that was read) and its email guard. */
export const leave = (target: MemberRecord) => [
  steps.delete('member', memberEntity.key(target), { condition: atReadVersion(target) }),
  steps.delete('member', memberEmailGuard.key(target)),
];

/**
 * Grants a workspace role to a member who is still a non-admin member of the org, at the version
 * that was read. Acting on yourself, the actor's own check rides on this item: one operation per
 * item per transaction.
 */
export const grantWorkspace = (target: MemberRecord, workspaceId: string, role: RoleKey, selfActorRoles?: RoleKey[]) => {
  const self = selfActorRoles ? valueList('role', selfActorRoles) : undefined;
  return steps.update(
    'member',
    memberEntity.key(target),
    nextVersion({ expression: 'SET #grants.#workspace = :grant', names: grantOn(workspaceId), values: { ':grant': role } }),
    {
      condition: conditions.all(
        atReadVersion(target),
        { expression: '#role <> :admin', names: { '#role': 'role' }, values: { ':admin': 'admin' } },
        self ? { expression: `#grants.#workspace IN ${self.list}`, names: grantOn(workspaceId), values: self.values } : undefined,
      ),
    },
  );
};

/** Drops a workspace grant the member holds (no read before it: the grant itself is the condition). */
export const dropWorkspace = (orgId: string, userId: string, workspaceId: string) =>
  steps.update(
    'member',
    memberEntity.key({ org_id: orgId, user_id: userId }),
    nextVersion({ expression: 'REMOVE #grants.#workspace', names: grantOn(workspaceId) }),
    { condition: { expression: 'attribute_exists(#grants.#workspace)', names: grantOn(workspaceId) } },
  );

/** The creator of a workspace becomes its admin, if they still hold one of `roles` in the org. */
export const creatorOfWorkspace = (orgId: string, userId: string, workspaceId: string, roles: RoleKey[]) => {
  const { list, values } = valueList('role', roles);
  return steps.update(
    'actor',
    memberEntity.key({ org_id: orgId, user_id: userId }),
    nextVersion({ expression: 'SET #grants.#workspace = :admin', names: grantOn(workspaceId), values: { ':admin': 'admin' } }),
    { condition: { expression: `#role IN ${list}`, names: { '#role': 'role' }, values } },
  );
};

/**
 * Grants a workspace role without reading the membership first (an approved access request): the
 * member must still be a non-admin member of the org. One attribute path is set, so no change made
 * meanwhile is lost; the version moves on all the same.
 */
export const grantWorkspaceUnread = (orgId: string, userId: string, workspaceId: string, role: RoleKey) =>
  steps.update(
    'member',
    memberEntity.key({ org_id: orgId, user_id: userId }),
    nextVersion({ expression: 'SET #grants.#workspace = :grant', names: grantOn(workspaceId), values: { ':grant': role } }),
    {
      condition: conditions.all(conditions.exists, {
        expression: '#role <> :admin',
        names: { '#role': 'role' },
        values: { ':admin': 'admin' },
      }),
    },
  );
