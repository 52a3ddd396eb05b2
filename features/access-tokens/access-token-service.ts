// Issues workspace access tokens: who the caller is in one workspace, signed by Orgspace, for a
// product to verify offline. Issuing one changes nothing, so no audit event is written.
import { accessTokenConfig } from '../../shared/config.js';
import { signJwt } from '../../shared/tokens/compact-jws.js';
import { tokenSigner } from '../../shared/tokens/token-signer-client.js';
import { NotFoundError } from '../../shared/vocabulary/errors.js';
import { newId } from '../../shared/vocabulary/ids.js';
import { type Principal, principalId } from '../../shared/vocabulary/principal.js';
import { WORKSPACE_NOT_FOUND } from '../members/access.js';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_LIFETIME_SECONDS, type AccessTokenClaims } from './access-token.js';
import { callerInWorkspace } from './caller-in-workspace.js';
import type { AccessTokenAnswer } from './schemas.js';

const { issuer } = accessTokenConfig();

export async function issueAccessToken(principal: Principal, orgId: string, workspaceId: string): Promise<AccessTokenAnswer> {
  const { principalType, role, permissions, workspace } = await callerInWorkspace(principal, orgId, workspaceId);
  if (!workspace) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  const now = Math.floor(Date.now() / 1000);
  const claims: AccessTokenClaims = {
    iss: issuer,
    sub: principalId(principal),
    aud: ACCESS_TOKEN_AUDIENCE,
    iat: now,
    exp: now + ACCESS_TOKEN_LIFETIME_SECONDS,
    jti: newId(),
    principal_type: principalType,
    org_id: orgId,
    workspace_id: workspaceId,
    role,
    permissions,
  };
  return { access_token: await signJwt(tokenSigner, claims), token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_SECONDS };
}
