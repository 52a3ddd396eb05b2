// What a person at an org's verified domain can do without an invitation: see the org (`suggest`
// and `auto`), and join it at once (`auto`).
import type { PageQuery } from '../../shared/http/schemas.js';
import { decodeCursor } from '../../shared/table/page-cursor.js';
import { ForbiddenError, NotFoundError } from '../../shared/vocabulary/errors.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { ORG_NOT_FOUND } from '../members/access.js';
import { toMember } from '../members/member-service.js';
import type { Member } from '../members/schemas.js';
import { joiningErrors } from './errors.js';
import { joinByDomain, ownsDomain, verifiedDomainOf } from './join-by-domain.js';
import { getDomainOwner, orgKey, parseOrg, readJoinContext } from './join-store.js';

/** Only a verified address may see what its domain lets it join. */
function requireVerifiedEmail(principal: Principal) {
  const person = requireUser(principal);
  if (!person.emailVerified) throw new ForbiddenError(joiningErrors.emailNotVerified.message, joiningErrors.emailNotVerified.code);
  return person;
}

/** Joins now, in `auto` mode only; a member already gets their membership back. Anyone else: 404. */
export async function joinOrg(principal: Principal, orgId: string): Promise<Member> {
  const outcome = await joinByDomain(requireUser(principal), orgId);
  if ('member' in outcome) return toMember(outcome.member);
  throw new NotFoundError(ORG_NOT_FOUND);
}

/**
 * The org that owns the caller's address's domain, exactly (not a parent domain), if it lets
 * people find it (`suggest` or `auto`) and the caller is not a member or removed from it. A domain
 * has one owner, so the page holds at most one org.
 */
export async function listJoinableOrgs(
  principal: Principal,
  page: PageQuery,
): Promise<{ data: { id: string; name: string }[]; next_cursor: null }> {
  const person = requireVerifiedEmail(principal);
  // The list never has a second page, so no cursor is valid for it: one sent is refused as on any list.
  decodeCursor(page.cursor, ['joinable-orgs', person.userId]);
  const owner = await getDomainOwner(verifiedDomainOf(person));
  if (!owner || !ownsDomain(owner, owner.org_id)) return { data: [], next_cursor: null };
  const orgId = owner.org_id;
  const context = await readJoinContext(orgId, person, '', { extraKeys: [orgKey(orgId)], withFirstWorkspace: false });
  const org = parseOrg(context.found.get(orgKey(orgId)));
  const open = context.settings.join_mode === 'suggest' || context.settings.join_mode === 'auto';
  if (!org || !open || context.member || context.block?.reason === 'removed') return { data: [], next_cursor: null };
  return { data: [{ id: org.id, name: org.name }], next_cursor: null };
}
