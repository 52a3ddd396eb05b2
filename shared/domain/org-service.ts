import * as orgs from '../data/org-store.js';
import { decodeCursor, encodeCursor } from '../data/page-cursor.js';
import type { MemberRecord, OrgRecord, WorkspaceRecord } from '../data/records.js';
import { NotFoundError } from '../errors.js';
import type { Caller } from '../http/caller.js';
import { newId, nowIso } from '../ids.js';
import type { PageQuery } from '../schemas/common.js';
import type { Organization } from '../schemas/organizations.js';
import { membershipFailure, ORG_NOT_FOUND, requireOrgPermission } from './access.js';
import { changedMeanwhile, type IfMatch, requireCurrent } from './preconditions.js';
import { DEFAULT_ROLES, orgRolesWith, type RoleKey } from './roles.js';

export interface NewOrg {
  org: OrgRecord;
  admin: MemberRecord;
  workspace: WorkspaceRecord;
}

/** An org, its creator as admin and a first workspace named after it (as in the product docs). */
export function planNewOrg(caller: Caller, name: string, personal: boolean): NewOrg {
  const now = nowIso();
  const orgId = newId();
  return {
    org: {
      id: orgId,
      name,
      personal,
      created_by: caller.userId,
      created_at: now,
      updated_at: now,
      workspace_count: 1,
      admin_count: 1,
      pending_invitations: 0,
    },
    admin: { org_id: orgId, user_id: caller.userId, role: 'admin', workspaces: {}, email: caller.email, name: caller.name, joined_at: now },
    workspace: {
      id: newId(),
      org_id: orgId,
      name,
      icon_url: null,
      status: 'active',
      created_by: caller.userId,
      created_at: now,
      updated_at: now,
      version: 1,
    },
  };
}

export function toOrganization(org: OrgRecord, role: RoleKey): Organization {
  return { id: org.id, name: org.name, personal: org.personal, role, created_at: org.created_at, updated_at: org.updated_at };
}

/** The orgs behind these memberships, with the member's role, in membership order (one BatchGetItem). */
export async function organizationsOf(memberships: MemberRecord[]): Promise<Organization[]> {
  const records = await orgs.getOrgs(memberships.map((membership) => membership.org_id));
  return memberships.flatMap((membership) => {
    const org = records.get(membership.org_id);
    return org ? [toOrganization(org, membership.role)] : [];
  });
}

export async function createOrg(caller: Caller, input: { name: string }): Promise<Organization> {
  const { org, admin, workspace } = planNewOrg(caller, input.name, false);
  await orgs.createOrg(org, admin, workspace);
  return toOrganization(org, 'admin');
}

export async function getOrg(caller: Caller, orgId: string): Promise<Organization> {
  const { member, org } = await orgs.getOrgAndMembership(orgId, caller.userId);
  const role = requireOrgPermission(member, 'org:read');
  if (!org) throw new NotFoundError(ORG_NOT_FOUND);
  return toOrganization(org, role);
}

export async function renameOrg(caller: Caller, orgId: string, input: { name: string }, ifMatch?: IfMatch): Promise<Organization> {
  const { member, org } = await orgs.getOrgAndMembership(orgId, caller.userId);
  const role = requireOrgPermission(member, 'org:update');
  if (!org) throw new NotFoundError(ORG_NOT_FOUND);
  requireCurrent(ifMatch, 'organization', toOrganization(org, role));
  const updatedAt = nowIso();
  // Without If-Match the last rename wins; with it, the rename lands only on the org as it was read.
  const unchangedSince = ifMatch ? org.updated_at : undefined;
  await orgs.renameOrg(orgId, caller.userId, orgRolesWith('org:update'), input.name, updatedAt, unchangedSince, (failure) => {
    if (failure.index === 0) return membershipFailure(failure);
    if (!failure.item) return new NotFoundError(ORG_NOT_FOUND);
    return changedMeanwhile(ifMatch, 'organization', () => new Error('The org changed under a rename sent without If-Match'));
  });
  return toOrganization({ ...org, name: input.name, updated_at: updatedAt }, role);
}

export async function listOrgs(caller: Caller, page: PageQuery) {
  const scope = ['orgs', caller.userId];
  const { memberships, lastOrgId } = await orgs.listMembershipsOfUser(caller.userId, page.limit, decodeCursor(page.cursor, scope));
  return { data: await organizationsOf(memberships), next_cursor: encodeCursor(lastOrgId, scope) };
}

/** The default roles exist in every org from its creation; the caller must be a member to see them. */
export async function listRoles(caller: Caller, orgId: string, page: PageQuery) {
  const { member } = await orgs.getWithMembership(orgId, caller.userId, []);
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
