// What a workspace access token says, stated once: the service builds its claims from this, the
// README documents it, and the tests and examples/verify-access-token.mjs check it.
import { type Permission, type RoleKey, roleGrants } from '../../shared/vocabulary/policy.js';

/**
 * Every token's `aud`. Fixed, so that a product's verifier names it once and a token minted for
 * something else (an ID token of the sign-in, say) is refused; `iss` tells deployments apart.
 */
export const ACCESS_TOKEN_AUDIENCE = 'orgspace:workspace';

/**
 * Short on purpose: a product verifies tokens offline, so nothing can revoke one. Removing someone
 * from a workspace (or deleting it) takes effect within this many seconds.
 */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 300;

/**
 * The permissions Orgspace checks per workspace (requireWorkspacePermission in features/members/access.ts),
 * so the ones a token for one workspace can carry; org-wide ones (creating a workspace, inviting) are not its to say.
 */
export const WORKSPACE_PERMISSIONS = [
  'workspace:read',
  'workspace:update',
  'workspace:delete',
  'workspace_member:manage',
  'audit_log:read',
  'api_key:manage',
] as const satisfies readonly Permission[];

export const workspacePermissionsOf = (role: RoleKey): Permission[] =>
  WORKSPACE_PERMISSIONS.filter((permission) => roleGrants(role, permission));

export interface AccessTokenClaims {
  iss: string;
  /** The user's id; an API key's is `api_key:<keyId>` (principalId). */
  sub: string;
  aud: typeof ACCESS_TOKEN_AUDIENCE;
  iat: number;
  exp: number;
  jti: string;
  principal_type: 'user' | 'api_key';
  org_id: string;
  /** The one workspace the token speaks for: a product must check it against the workspace a request is about. */
  workspace_id: string;
  role: RoleKey;
  permissions: Permission[];
}
