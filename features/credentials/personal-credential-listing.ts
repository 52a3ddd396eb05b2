// The personal credential routes that never open a secret: a member's own list, read and delete,
// and an org admin's list and delete of a member's (metadata only: no admin can reveal them).
import type { PageQuery } from '../../shared/http/schemas.js';
import { decodeCursor, encodeCursor } from '../../shared/table/page-cursor.js';
import { comparableName } from '../../shared/vocabulary/display-name.js';
import { NotFoundError } from '../../shared/vocabulary/errors.js';
import { orgRolesWith } from '../../shared/vocabulary/policy.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { commitOrThrow } from '../audit/audit-steps.js';
import { MEMBER_NOT_FOUND, membershipFailure, ORG_NOT_FOUND, requireOrgPermission } from '../members/access.js';
import * as memberSteps from '../members/member-steps.js';
import { CREDENTIAL_NOT_FOUND, concurrentChange } from './errors.js';
import { explainOwnChange, readOwnCredential } from './personal-credential-access.js';
import { type PersonalCredentialRecord, personalPositionOf } from './personal-credential-entity.js';
import * as personalSteps from './personal-credential-steps.js';
import * as store from './personal-credential-store.js';
import { personalTargets, toPersonalCredential } from './personal-credential-view.js';
import type { PersonalCredential } from './schemas.js';

const deletion = (principal: Principal, credential: PersonalCredentialRecord) =>
  auditEvent(principal, {
    action: 'personal_credential.deleted',
    orgId: credential.org_id,
    targets: personalTargets(credential),
    changes: { secret_version: { from: credential.secret_version, to: null } },
  });

export async function listOwnCredentials(principal: Principal, orgId: string, page: PageQuery) {
  const user = requireUser(principal);
  const scope = ['personal-credentials', orgId, user.userId];
  const result = await store.listWithCaller(orgId, user.userId, user.userId, page.limit, decodeCursor(page.cursor, scope));
  if (!result.caller) throw new NotFoundError(ORG_NOT_FOUND);
  const since = result.caller.joined_at;
  return {
    data: result.items.filter((item) => item.member_since === since).map((item) => toPersonalCredential(item)),
    next_cursor: encodeCursor(result.lastId, scope),
  };
}

export async function getOwnCredential(principal: Principal, orgId: string, credentialId: string): Promise<PersonalCredential> {
  const { credential, previous } = await readOwnCredential(principal, orgId, credentialId, { previous: true });
  return toPersonalCredential(credential, previous);
}

export async function deleteOwnCredential(principal: Principal, orgId: string, credentialId: string): Promise<void> {
  const { credential } = await readOwnCredential(principal, orgId, credentialId);
  await commitOrThrow(
    [
      personalSteps.ownerStillMember(orgId, credential.owner_id, credential.member_since),
      ...personalSteps.remove(credential, comparableName(credential.name)),
    ],
    [deletion(principal, credential)],
    explainOwnChange,
  );
}

/** A member's personal credentials, for an org admin: what they are called and when they changed, never a secret. */
export async function listMemberCredentials(principal: Principal, orgId: string, userId: string, page: PageQuery) {
  const admin = requireUser(principal);
  const scope = ['member-credentials', orgId, userId];
  const result = await store.listWithCaller(orgId, admin.userId, userId, page.limit, decodeCursor(page.cursor, scope));
  requireOrgPermission(result.caller, 'member:manage');
  // A former member's leftovers are listed (to be deleted); someone who was never a member is unknown here.
  if (!result.owner && result.items.length === 0 && !page.cursor) throw new NotFoundError(MEMBER_NOT_FOUND);
  return { data: result.items.map((item) => toPersonalCredential(item)), next_cursor: encodeCursor(result.lastId, scope) };
}

/** An org admin erases a member's personal credential (a departing member's, say) without reading it. */
export async function deleteMemberCredential(principal: Principal, orgId: string, userId: string, credentialId: string): Promise<void> {
  const admin = requireUser(principal);
  const found = await store.getCredentialAndCaller(orgId, admin.userId, userId, credentialId);
  requireOrgPermission(found.caller, 'member:manage');
  if (!found.credential) throw new NotFoundError(CREDENTIAL_NOT_FOUND);
  const { credential } = found;
  await commitOrThrow(
    [
      memberSteps.actorHolds(orgId, admin.userId, orgRolesWith('member:manage')),
      ...personalSteps.remove(credential, comparableName(credential.name)),
    ],
    [deletion(principal, credential)],
    (failure) => {
      if (failure.label === 'actor') return membershipFailure(failure);
      return failure.item ? concurrentChange() : new NotFoundError(CREDENTIAL_NOT_FOUND);
    },
  );
}

const OWNER_POSITION = /^([0-9a-f-]{36})#([0-9a-f-]{36})$/;

/**
 * The caller's own personal credentials in every org they belong to, by org: those of an org they
 * have left (before the erasure gets to them) or of an earlier membership are not theirs to see.
 */
export async function listOwnCredentialsEverywhere(principal: Principal, page: PageQuery) {
  const user = requireUser(principal);
  const scope = ['own-personal-credentials', user.userId];
  const position = decodeCursor(page.cursor, scope, (value) => OWNER_POSITION.test(value));
  const [, orgId, id] = position ? OWNER_POSITION.exec(position)! : [];
  const result = await store.listOfOwner(user.userId, page.limit, orgId && id ? { org_id: orgId, id } : undefined);
  return {
    data: result.items
      .filter((item) => result.memberships.get(item.org_id)?.joined_at === item.member_since)
      .map((item) => toPersonalCredential(item)),
    next_cursor: encodeCursor(result.after && personalPositionOf(result.after), scope),
  };
}
