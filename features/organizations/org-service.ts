import { config } from '../../shared/config.js';
import type { PageQuery } from '../../shared/http/schemas.js';
import { decodeCursor, encodeCursor } from '../../shared/table/page-cursor.js';
import { NotFoundError, TooManyRequestsError } from '../../shared/vocabulary/errors.js';
import { newId, nowIso } from '../../shared/vocabulary/ids.js';
import { DEFAULT_ROLES, orgRolesWith, type RoleKey } from '../../shared/vocabulary/policy.js';
import { changedMeanwhile, type IfMatch, requireCurrent } from '../../shared/vocabulary/preconditions.js';
import { type Principal, requireUser, type UserPrincipal } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { membershipFailure, ORG_NOT_FOUND, requireOrgPermission } from '../members/access.js';
import type { MemberRecord } from '../members/member-entity.js';
import { secondsLeftIn } from '../quotas/quota-entity.js';
import type { OrgRecord } from './org-entity.js';
import type { NewOrg } from './org-store.js';
import * as orgs from './org-store.js';
import type { Organization } from './schemas.js';

export const orgTarget = (org: Pick<OrgRecord, 'id' | 'name'>) => ({ type: 'organization', id: org.id, name: org.name });
export const userTarget = (member: { user_id: string; name?: string | null; email?: string }) => ({
  type: 'user',
  id: member.user_id,
  ...(member.name ? { name: member.name } : member.email ? { name: member.email } : {}),
});

/** An org, its creator as admin and a first workspace named after it (as in the product docs). */
export function planNewOrg(user: UserPrincipal, name: string, personal: boolean): NewOrg {
  const now = nowIso();
  const orgId = newId();
  const plan: Omit<NewOrg, 'events'> = {
    org: {
      id: orgId,
      name,
      personal,
      created_by: user.userId,
      created_at: now,
      updated_at: now,
      workspace_count: 1,
      admin_count: 1,
      pending_invitations: 0,
      version: 1,
    },
    admin: {
      org_id: orgId,
      user_id: user.userId,
      role: 'admin',
      workspaces: {},
      email: user.email,
      name: user.name,
      joined_at: now,
      // The org is new in the same transaction: no rename can come between, so this copy is current.
      org_copy: { name, personal, created_at: now, updated_at: now, version: 1 },
    },
    workspace: {
      id: newId(),
      org_id: orgId,
      name,
      icon_url: null,
      status: 'active',
      created_by: user.userId,
      created_at: now,
      updated_at: now,
      version: 1,
    },
  };
  const { org, admin, workspace } = plan;
  const events = [
    auditEvent(user, { action: 'organization.created', orgId, targets: [orgTarget(org)], at: now }),
    auditEvent(user, {
      action: 'member.added',
      orgId,
      targets: [userTarget(admin), orgTarget(org)],
      changes: { role: { from: null, to: admin.role } },
      at: now,
    }),
    auditEvent(user, {
      action: 'workspace.created',
      orgId,
      workspaceId: workspace.id,
      targets: [{ type: 'workspace', id: workspace.id, name: workspace.name }],
      at: now,
    }),
  ];
  return { ...plan, events };
}

type Listed = Pick<OrgRecord, 'id' | 'name' | 'personal' | 'created_at' | 'updated_at'>;

export function toOrganization(org: Listed, role: RoleKey): Organization {
  return { id: org.id, name: org.name, personal: org.personal, role, created_at: org.created_at, updated_at: org.updated_at };
}

/**
 * The orgs behind these memberships, with the member's role, in membership order, from the copies
 * the memberships carry. Only memberships without one (written before copies, or joined a moment
 * ago and not yet filled in by the stream) cost a read: one BatchGetItem of those orgs, so a name
 * is never guessed or left blank.
 */
export async function organizationsOf(memberships: MemberRecord[]): Promise<Organization[]> {
  const uncopied = memberships.filter((membership) => !membership.org_copy).map((membership) => membership.org_id);
  const records = uncopied.length > 0 ? await orgs.getOrgs(uncopied) : new Map<string, OrgRecord>();
  return memberships.flatMap((membership) => {
    const org = membership.org_copy ? { id: membership.org_id, ...membership.org_copy } : records.get(membership.org_id);
    return org ? [toOrganization(org, membership.role)] : [];
  });
}

export async function createOrg(principal: Principal, input: { name: string }): Promise<Organization> {
  const plan = planNewOrg(requireUser(principal), input.name, false);
  const { org } = plan;
  const limit = config().orgsCreatedPerUserPerDay;
  const outcome = await orgs.createOrg(plan, limit);
  if (outcome.ok) return toOrganization(org, 'admin');
  if (outcome.label !== 'orgs_created') throw new Error('A freshly generated id collided');
  const wait = secondsLeftIn('day', org.created_at);
  throw new TooManyRequestsError(
    'too_many_orgs_created',
    `You have created ${limit} organizations today (days are UTC), the most one person may create in a day. Try again in ${wait} seconds.`,
    wait,
  );
}

export async function getOrg(principal: Principal, orgId: string): Promise<Organization> {
  const { member, org } = await orgs.getOrgAndMembership(orgId, requireUser(principal).userId);
  const role = requireOrgPermission(member, 'org:read');
  if (!org) throw new NotFoundError(ORG_NOT_FOUND);
  return toOrganization(org, role);
}

export async function renameOrg(principal: Principal, orgId: string, input: { name: string }, ifMatch?: IfMatch): Promise<Organization> {
  const user = requireUser(principal);
  const { member, org } = await orgs.getOrgAndMembership(orgId, user.userId);
  const role = requireOrgPermission(member, 'org:update');
  if (!org) throw new NotFoundError(ORG_NOT_FOUND);
  const current = toOrganization(org, role);
  requireCurrent(ifMatch, 'organization', current);
  // Nothing to change: a write would only move updated_at and the ETag, and so fail other clients' If-Match.
  if (input.name === org.name) return current;
  const updatedAt = nowIso();
  // Without If-Match the last rename wins; with it, the rename lands only on the org as it was read.
  const unchangedSince = ifMatch ? org.updated_at : undefined;
  const event = auditEvent(principal, {
    action: 'organization.updated',
    orgId,
    targets: [orgTarget({ id: orgId, name: input.name })],
    changes: { name: { from: org.name, to: input.name } },
    at: updatedAt,
  });
  const rename = { name: input.name, updatedAt, unchangedSince };
  await orgs.renameOrg(orgId, user.userId, orgRolesWith('org:update'), rename, [event], (failure) => {
    if (failure.label === 'actor') return membershipFailure(failure);
    if (!failure.item) return new NotFoundError(ORG_NOT_FOUND);
    return changedMeanwhile(ifMatch, 'organization', () => new Error('The org changed under a rename sent without If-Match'));
  });
  return toOrganization({ ...org, name: input.name, updated_at: updatedAt }, role);
}

export async function listOrgs(principal: Principal, page: PageQuery) {
  const user = requireUser(principal);
  const scope = ['orgs', user.userId];
  const { memberships, lastOrgId } = await orgs.listMembershipsOfUser(user.userId, page.limit, decodeCursor(page.cursor, scope));
  return { data: await organizationsOf(memberships), next_cursor: encodeCursor(lastOrgId, scope) };
}

/** The default roles exist in every org from its creation; the caller must be a member to see them. */
export async function listRoles(principal: Principal, orgId: string, page: PageQuery) {
  const member = await orgs.getMembership(orgId, requireUser(principal).userId);
  requireOrgPermission(member, 'role:read');
  const scope = ['roles', orgId];
  const after = decodeCursor(page.cursor, scope, (key) => DEFAULT_ROLES.some((role) => role.key === key));
  const start = after === undefined ? 0 : DEFAULT_ROLES.findIndex((role) => role.key === after) + 1;
  const slice = DEFAULT_ROLES.slice(start, start + page.limit);
  const more = start + slice.length < DEFAULT_ROLES.length;
  return {
    data: slice.map((role) => ({ ...role, permissions: [...role.permissions] })),
    next_cursor: encodeCursor(more ? slice.at(-1)?.key : undefined, scope),
  };
}
