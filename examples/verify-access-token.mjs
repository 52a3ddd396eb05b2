// Verifies an Orgspace workspace access token offline, as a product built on Orgspace does before
// it trusts one (the README's "Workspace access tokens" shows the same code):
//
//   node examples/verify-access-token.mjs <api-url> <workspace-id> <token>
//
// Prints the claims and exits 0 when the token is valid for that workspace; otherwise says why and exits 1.
import { pathToFileURL } from 'node:url';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const AUDIENCE = 'orgspace:workspace';
const keySets = new Map();

export async function verifyAccessToken(token, { apiUrl, workspaceId }) {
  // One key set per API, kept: jose fetches it once and again only for a `kid` it has not seen.
  if (!keySets.has(apiUrl)) keySets.set(apiUrl, createRemoteJWKSet(new URL(`${apiUrl}/.well-known/jwks.json`)));
  const { payload } = await jwtVerify(token, keySets.get(apiUrl), {
    issuer: apiUrl, // the API's URL exactly, without a trailing slash
    audience: AUDIENCE,
    algorithms: ['ES256'],
    requiredClaims: ['sub', 'exp', 'workspace_id', 'role', 'permissions'],
  });
  // A token speaks for one workspace: a valid token for another must not open this one.
  if (payload.workspace_id !== workspaceId) throw new Error(`the token is for workspace ${payload.workspace_id}, not ${workspaceId}`);
  return payload; // { sub, principal_type, org_id, workspace_id, role, permissions, ... }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [apiUrl, workspaceId, token] = process.argv.slice(2);
  if (!apiUrl || !workspaceId || !token) {
    console.error('usage: node examples/verify-access-token.mjs <api-url> <workspace-id> <token>');
    process.exit(2);
  }
  try {
    console.log(JSON.stringify(await verifyAccessToken(token, { apiUrl, workspaceId }), null, 2));
  } catch (error) {
    console.error(`Refused: ${error.message}`);
    process.exit(1);
  }
}
