// Joining an org because one's verified address is at a domain the org verified, in `auto` mode:
// the authorizer does it on a person's first sign-in and on their next uncached request, and
// `POST /orgs/{orgId}/join` does it on demand. No zod and no route rows here: the authorizer
// carries this module, and its cold start is budgeted.
import { nowIso } from '../../shared/vocabulary/ids.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import type { UserPrincipal } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import type { DomainOwnerRecord } from '../domains/domain-owner-entity.js';
import { emailDomain } from '../domains/hostname.js';
import type { MemberRecord } from '../members/member-entity.js';
import type { JoinSettingsRecord } from './join-settings-entity.js';
import * as joinSteps from './join-steps.js';
import { type JoinContext, joinOrg, readJoinContext } from './join-store.js';

/** The domain whose owner decides for this person: only a verified address has one. */
export const verifiedDomainOf = (person: Pick<UserPrincipal, 'email' | 'emailVerified'>): string =>
  person.emailVerified ? emailDomain(person.email) : '';

/** The domain is verified, and by this org: what every way of joining by domain needs first. */
export const ownsDomain = (owner: DomainOwnerRecord | undefined, orgId: string): owner is DomainOwnerRecord =>
  owner?.org_id === orgId && owner.status === 'verified';

/** The workspaces a joiner is granted, by preference: the default, else the org's first (if active); none for an admin. */
export function workspaceChoices(settings: JoinSettingsRecord, context: Pick<JoinContext, 'firstWorkspace'>, role: RoleKey): string[] {
  if (role === 'admin') return [];
  const first = context.firstWorkspace?.status === 'active' ? context.firstWorkspace.id : undefined;
  return [...new Set([settings.default_workspace_id, first].filter((id): id is string => !!id))];
}

export function joiningMember(
  orgId: string,
  person: Pick<UserPrincipal, 'userId' | 'email' | 'name'>,
  role: RoleKey,
  workspaceId: string | undefined,
  at: string,
): MemberRecord {
  return {
    org_id: orgId,
    user_id: person.userId,
    role,
    workspaces: workspaceId ? { [workspaceId]: role } : {},
    email: person.email,
    name: person.name,
    joined_at: at,
  };
}

/** The member.added event of a join, by the person joining (or the admin approving). */
export const memberAddedEvent = (
  actor: Parameters<typeof auditEvent>[0],
  member: MemberRecord,
  source: 'domain_auto_join' | 'api',
  extraTargets: { type: string; id: string }[] = [],
) =>
  auditEvent(actor, {
    action: 'member.added',
    orgId: member.org_id,
    targets: [{ type: 'user', id: member.user_id, name: member.name ?? member.email }, ...extraTargets],
    changes: {
      role: { from: null, to: member.role },
      workspaces: { from: null, to: Object.entries(member.workspaces).map(([workspace_id, role]) => ({ workspace_id, role })) },
    },
    source,
    at: member.joined_at,
  });

export type DomainJoinOutcome =
  | { joined: true; member: MemberRecord }
  | { joined: false; member: MemberRecord }
  | { joined: false; refused: 'not_eligible' | 'blocked' };

/**
 * Joins `orgId` now if the person may (verified address, the org owns its domain, `auto` mode, not
 * blocked), with the default role and workspace; a member already is answered with their
 * membership. A default workspace gone inactive meanwhile falls back to the first one, then none.
 */
export async function joinByDomain(person: UserPrincipal, orgId: string, read?: JoinContext): Promise<DomainJoinOutcome> {
  const domain = verifiedDomainOf(person);
  if (domain === '') return { joined: false, refused: 'not_eligible' };
  const context = read ?? (await readJoinContext(orgId, person, domain));
  if (context.member) return { joined: false, member: context.member };
  if (!ownsDomain(context.owner, orgId) || context.settings.join_mode !== 'auto') return { joined: false, refused: 'not_eligible' };
  if (context.block) return { joined: false, refused: 'blocked' };
  const role = context.settings.default_role;
  const choices = [...workspaceChoices(context.settings, context, role), undefined];
  for (const workspaceId of choices) {
    const member = joiningMember(orgId, person, role, workspaceId, nowIso());
    const outcome = await joinOrg(
      member,
      [joinSteps.domainStillOwned(orgId, domain), joinSteps.modeStillIn(orgId, ['auto']), joinSteps.notBlocked(orgId, person.email)],
      [memberAddedEvent(person, member, 'domain_auto_join')],
    );
    if (outcome.ok) return { joined: true, member };
    if (outcome.label === 'workspace') continue;
    if (outcome.label === 'already_member') {
      const now = await readJoinContext(orgId, person, domain);
      if (now.member) return { joined: false, member: now.member };
    }
    return { joined: false, refused: outcome.label === 'blocked' ? 'blocked' : 'not_eligible' };
  }
  return { joined: false, refused: 'not_eligible' };
}
