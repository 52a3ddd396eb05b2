import { errorFields, log } from '../../shared/observability/log.js';
import { cleanDisplayName, cutToLength, DISPLAY_NAME_MAX_LENGTH } from '../../shared/vocabulary/display-name.js';
import { NotFoundError } from '../../shared/vocabulary/errors.js';
import { type Principal, requireUser, type UserPrincipal } from '../../shared/vocabulary/principal.js';
import { describeApiKey } from '../api-keys/api-key-identity.js';
import { joinByDomain, verifiedDomainOf } from '../joining/join-by-domain.js';
import { domainOwnerKey, parseDomainOwner } from '../joining/join-store.js';
import { organizationsOf, planNewOrg } from '../organizations/org-service.js';
import * as orgs from '../organizations/org-store.js';
import type { Me } from './schemas.js';
import * as users from './user-store.js';

/** How many orgs /me lists; GET /orgs pages through all of them. */
export const ME_ORG_LIMIT = 100;

const PERSONAL_ORG_SUFFIX = "'s organization";

/**
 * "<name>'s organization", a name the API would accept: the person's name is cut (on a code point)
 * to leave room for the suffix, rather than the suffix cut off, and an address's local part is
 * cleaned as a token's name is.
 */
export function personalOrgName(user: Pick<UserPrincipal, 'name' | 'email'>): string {
  const owner = user.name ?? cleanDisplayName(user.email.split('@')[0] ?? '') ?? 'My';
  return `${cutToLength(owner, DISPLAY_NAME_MAX_LENGTH - PERSONAL_ORG_SUFFIX.length).trimEnd()}${PERSONAL_ORG_SUFFIX}`;
}

/**
 * Called by the authorizer on a cache miss: the first authenticated request of a user creates
 * their record together with a personal organization and its first workspace. Later sign-ins bring
 * the name the issuer now holds, which the profile takes; a token without a name changes nothing.
 * One read (with a verified address, of the profile and its domain's owner together), and a write
 * only when the name changed. When an org owns the domain, the person joins it if its settings say
 * `auto` (features/joining): on the first sign-in and on any later uncached request.
 */
export async function ensureUser(user: UserPrincipal): Promise<void> {
  const domain = verifiedDomainOf(user);
  const { profile, also } = await users.getProfile(user.userId, domain === '' ? undefined : domainOwnerKey(domain));
  if (profile) {
    if (user.name !== null && user.name !== profile.name) await users.renameProfile(user.userId, user.name);
  } else {
    const personalOrg = planNewOrg(user, personalOrgName(user), true);
    const { org } = personalOrg;
    await users.createUserWithPersonalOrg(
      { id: user.userId, email: user.email, name: user.name, personal_org_id: org.id, created_at: org.created_at },
      personalOrg,
    );
  }
  const owner = parseDomainOwner(also);
  if (owner?.status !== 'verified') return;
  // Joining is not what the request asked for: a failure must not refuse the person their sign-in,
  // and their next uncached request tries again.
  await joinByDomain(user, owner.org_id).catch((error: unknown) => {
    log('error', 'auto_join_failed', { org_id: owner.org_id, error: errorFields(error) });
  });
}

/** A person: their profile and orgs. A workspace API key: the key and what it may do (api-key-identity.ts). */
export function getMe(principal: UserPrincipal): Promise<Me>;
export function getMe(principal: Principal): Promise<Me | Awaited<ReturnType<typeof describeApiKey>>>;
export function getMe(principal: Principal) {
  return principal.type === 'api_key' ? describeApiKey(principal) : getPersonMe(principal);
}

async function getPersonMe(principal: Principal): Promise<Me> {
  const { user, memberships } = await orgs.getProfileAndMemberships(requireUser(principal).userId, ME_ORG_LIMIT);
  if (!user) throw new NotFoundError('User');
  const organizations = await organizationsOf(memberships);
  return {
    principal_type: 'user',
    id: user.id,
    email: user.email,
    name: user.name,
    created_at: user.created_at,
    orgs: organizations.map(({ id, name, role }) => ({ id, name, role })),
  };
}
