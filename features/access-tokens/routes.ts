// Rows of the route table (../routes.ts): workspace access tokens, and the keys that verify them.
// A handler imports its own area's rows, so its bundle builds no other area's schemas.
import { defineRoute, V1 } from '../../shared/http/route.js';
import { emptyParams, workspaceParams } from '../../shared/http/schemas.js';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_LIFETIME_SECONDS } from './access-token.js';
import { accessTokenErrors } from './errors.js';
import { accessTokenAnswer, jsonWebKeySet } from './schemas.js';

export const routes = {
  createAccessToken: defineRoute({
    name: 'create-access-token',
    method: 'POST',
    path: `${V1}/orgs/{orgId}/workspaces/{workspaceId}/access-token`,
    summary: 'A short-lived token saying who the caller is in this workspace, for your product to verify offline',
    description:
      `An ES256 JWT, valid ${ACCESS_TOKEN_LIFETIME_SECONDS} seconds, with \`sub\`, \`principal_type\`, \`org_id\`, \`workspace_id\`, ` +
      `\`role\` (the caller's effective role in the workspace) and \`permissions\`; \`iss\` is this API's URL and \`aud\` is \`${ACCESS_TOKEN_AUDIENCE}\`. ` +
      'Verify it against `/.well-known/jwks.json`, and check that `workspace_id` is the workspace the request is for. ' +
      'No body (or `{}`). It changes nothing, so it records no audit event and takes no Idempotency-Key: a retry is simply another token.',
    tag: 'Access tokens',
    auth: 'user',
    apiKeys: true,
    tableAccess: 'read',
    permission: 'workspace:read',
    params: workspaceParams,
    response: accessTokenAnswer,
    successStatus: 200,
    tokenSigningKey: 'sign',
    errorCodes: [accessTokenErrors.signingKeyUnavailable],
    dynamoRoundTrips: { count: 1 },
  }),
  getAccessTokenKeys: defineRoute({
    name: 'get-access-token-keys',
    method: 'GET',
    path: '/.well-known/jwks.json',
    summary: "The public keys of Orgspace's access tokens (a JWKS)",
    description:
      'Only the keys that sign workspace access tokens. Cacheable for 5 minutes; a token naming a `kid` not in a cached copy means the key changed: fetch it again.',
    tag: 'Access tokens',
    auth: 'public',
    tableAccess: 'none',
    params: emptyParams,
    response: jsonWebKeySet,
    successStatus: 200,
    tokenSigningKey: 'public-key',
    errorCodes: [accessTokenErrors.signingKeyUnavailable],
    dynamoRoundTrips: { count: 0 },
  }),
};
