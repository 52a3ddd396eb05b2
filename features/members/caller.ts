// Who the caller is in an org, for the routes a workspace API key may call as well as a person:
// the item that says what they may do (a person's membership, or the key itself), read in the
// same round trip as the route's target, and the answer it gives.
import type { PrimaryKey } from '../../shared/table/table-definition.js';
import { ForbiddenError, NotFoundError } from '../../shared/vocabulary/errors.js';
import { apiKeyPermissions, type Permission } from '../../shared/vocabulary/policy.js';
import type { PersonOrKey, Principal } from '../../shared/vocabulary/principal.js';
import { type ApiKeyRecord, apiKeyEntity } from '../api-keys/api-key-entity.js';
import { requireLiveKey } from '../api-keys/api-key-liveness.js';
import { requireWorkspacePermission, WORKSPACE_NOT_FOUND } from './access.js';
import { type MemberRecord, memberEntity } from './member-entity.js';

export type CallerAccess = { type: 'member'; member: MemberRecord } | { type: 'api_key'; key: ApiKeyRecord };

export function requirePersonOrKey(principal: Principal): PersonOrKey {
  if (principal.type !== 'system') return principal;
  throw new ForbiddenError('Background jobs cannot do this.', 'user_required');
}

/**
 * Where the caller's standing in `orgId` is stored. A key is looked up under the org asked for:
 * a key of another org is simply not there, and gets the 404 a stranger gets.
 */
export function callerKey(principal: Principal, orgId: string): PrimaryKey {
  const caller = requirePersonOrKey(principal);
  return caller.type === 'user'
    ? memberEntity.key({ org_id: orgId, user_id: caller.userId })
    : apiKeyEntity.key({ org_id: orgId, workspace_id: caller.workspaceId, id: caller.keyId });
}

/** The caller's standing from the item read at `callerKey`; a key that no longer works answers 401. */
export function callerAccess(principal: Principal, item: Record<string, unknown> | undefined, now = Date.now()): CallerAccess | undefined {
  const caller = requirePersonOrKey(principal);
  if (caller.type === 'user') {
    const member = memberEntity.parseOptional(item);
    return member && { type: 'member', member };
  }
  const key = apiKeyEntity.parseOptional(item);
  return key && { type: 'api_key', key: requireLiveKey(key, caller, now) };
}

/**
 * As requireWorkspacePermission, for people and keys alike: a key acts in its own workspace only
 * (any other is a 404), within its role.
 */
export function requireCallerWorkspacePermission(access: CallerAccess | undefined, workspaceId: string, permission: Permission): void {
  if (access?.type !== 'api_key') {
    requireWorkspacePermission(access?.member, workspaceId, permission);
    return;
  }
  if (access.key.workspace_id !== workspaceId) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  if (!apiKeyPermissions(access.key.role).includes(permission)) throw new ForbiddenError();
}
