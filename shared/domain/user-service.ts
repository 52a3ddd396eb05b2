import * as orgs from '../data/org-store.js';
import * as users from '../data/user-store.js';
import { NotFoundError } from '../errors.js';
import type { Caller } from '../http/caller.js';
import type { Me } from '../schemas/organizations.js';
import { organizationsOf, planNewOrg } from './org-service.js';

/** How many orgs /me lists; GET /orgs pages through all of them. */
export const ME_ORG_LIMIT = 100;

/**
 * Called by the authorizer on a cache miss: the first authenticated request of a user creates
 * their record together with a personal organization and its first workspace.
 */
export async function ensureUser(caller: Caller): Promise<void> {
  if (await users.userExists(caller.userId)) return;
  const displayName = caller.name ?? caller.email.split('@')[0] ?? 'My';
  const orgName = `${displayName}'s organization`.slice(0, 100);
  const { org, admin, workspace } = planNewOrg(caller, orgName, true);
  try {
    await users.createUserWithPersonalOrg(
      { id: caller.userId, email: caller.email, name: caller.name, personal_org_id: org.id, created_at: org.created_at },
      org,
      admin,
      workspace,
    );
  } catch (error) {
    if (!(error instanceof users.UserAlreadyExists)) throw error;
  }
}

export async function getMe(caller: Caller): Promise<Me> {
  const { user, memberships } = await orgs.getProfileAndMemberships(caller.userId, ME_ORG_LIMIT);
  if (!user) throw new NotFoundError('User');
  const organizations = await organizationsOf(memberships);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    created_at: user.created_at,
    orgs: organizations.map(({ id, name, role }) => ({ id, name, role })),
  };
}
