// What every route of a member's own personal credentials checks first: that the caller is a
// member of the org, and that the credential is theirs and of their current membership (one of an
// earlier membership, not yet erased, is answered as any unknown id). Nothing here opens a secret.
import type { ConditionFailure } from '../../shared/table/transact.js';
import { NotFoundError } from '../../shared/vocabulary/errors.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { ORG_NOT_FOUND } from '../members/access.js';
import { CREDENTIAL_NOT_FOUND, concurrentChange } from './errors.js';
import * as store from './personal-credential-store.js';

export async function readOwnCredential(principal: Principal, orgId: string, credentialId: string, also: store.CredentialReads = {}) {
  const user = requireUser(principal);
  const found = await store.getCredentialAndCaller(orgId, user.userId, user.userId, credentialId, also);
  if (!found.caller) throw new NotFoundError(ORG_NOT_FOUND);
  if (!found.credential || found.credential.member_since !== found.caller.joined_at) throw new NotFoundError(CREDENTIAL_NOT_FOUND);
  if (also.secrets && !found.dataKey) throw new Error("A personal credential without its owner's data key");
  return { ...found, member: found.caller, credential: found.credential };
}

/** A refused change of one's own credential: the membership is gone (or is a later one), or the credential changed. */
export const explainOwnChange = (failure: ConditionFailure<string>): Error => {
  if (failure.label === 'actor') return new NotFoundError(failure.item ? CREDENTIAL_NOT_FOUND : ORG_NOT_FOUND);
  return failure.item ? concurrentChange() : new NotFoundError(CREDENTIAL_NOT_FOUND);
};
