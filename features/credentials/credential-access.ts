// What every credential route checks first, with the credential it reads: the caller's
// permission in the workspace, and how a refused write is explained. Nothing here opens a secret,
// so the routes that only list, read metadata or delete do not carry the KMS client.
import type { ConditionFailure } from '../../shared/table/transact.js';
import { ForbiddenError, NotFoundError } from '../../shared/vocabulary/errors.js';
import { orgRolesWith, type Permission } from '../../shared/vocabulary/policy.js';
import type { Principal } from '../../shared/vocabulary/principal.js';
import { requireWorkspacePermission } from '../members/access.js';
import { callerAccess, callerKey, requireCallerWorkspacePermission } from '../members/caller.js';
import { memberEntity } from '../members/member-entity.js';
import * as store from './credential-store.js';
import { CREDENTIAL_NOT_FOUND, concurrentChange } from './errors.js';

export const rolesWith = (permission: Permission) => orgRolesWith(permission);

/** A failed re-check of the caller at write time, answered as a read would have answered it. */
export function actorFailure(failure: ConditionFailure<string>, workspaceId: string, permission: Permission): Error {
  try {
    requireWorkspacePermission(memberEntity.parseOptional(failure.item), workspaceId, permission);
  } catch (error) {
    return error as Error;
  }
  return new ForbiddenError();
}

export async function readCredential(
  principal: Principal,
  orgId: string,
  workspaceId: string,
  credentialId: string,
  permission: Permission,
  also: { secrets?: true } = {},
) {
  const found = await store.getCredentialAndCaller(orgId, workspaceId, credentialId, callerKey(principal, orgId), also);
  const access = callerAccess(principal, found.caller);
  requireCallerWorkspacePermission(access, workspaceId, permission);
  if (!found.credential) throw new NotFoundError(CREDENTIAL_NOT_FOUND);
  if (also.secrets && !found.dataKey) throw new Error('A credential without its workspace data key');
  return { ...found, credential: found.credential, access: access! };
}

export const explainChange = (workspaceId: string, permission: Permission) => (failure: ConditionFailure<string>) => {
  if (failure.label === 'actor') return actorFailure(failure, workspaceId, permission);
  return failure.item ? concurrentChange() : new NotFoundError(CREDENTIAL_NOT_FOUND);
};
