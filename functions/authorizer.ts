// The one Lambda authorizer (HTTP API, REQUEST, simple responses, cached by token). It always
// authorizes and passes its verdict in the context, so that a bad token is answered by the
// route with the API's own JSON 401 rather than API Gateway's bare 403. The bearer is either a
// person's OIDC ID token or a workspace API key, told apart by the key's fixed prefix.
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { authenticateApiKey } from '../features/api-keys/api-key-authentication.js';
import { looksLikeApiKey } from '../features/api-keys/api-key-secret.js';
import { ensureUser } from '../features/users/user-service.js';
import { type AuthorizerContext, apiKeyAuthorizerContext, toAuthorizerContext } from '../shared/auth/authorizer-context.js';
import { bearerToken, verifyBearerToken } from '../shared/auth/verify-token.js';
import { UnauthenticatedError } from '../shared/vocabulary/errors.js';

async function verdict(header: string | undefined): Promise<AuthorizerContext> {
  const bearer = bearerToken(header);
  if (looksLikeApiKey(bearer)) {
    const { principal, endsAt } = await authenticateApiKey(bearer);
    return apiKeyAuthorizerContext(principal, endsAt);
  }
  const { principal, expiresAt } = await verifyBearerToken(header);
  await ensureUser(principal);
  return toAuthorizerContext(principal, expiresAt);
}

export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<{ isAuthorized: boolean; context: AuthorizerContext }> {
  try {
    return { isAuthorized: true, context: await verdict(event.headers?.authorization ?? event.identitySource?.[0]) };
  } catch (error) {
    if (error instanceof UnauthenticatedError) return { isAuthorized: true, context: { authenticated: 'false', reason: error.message } };
    throw error;
  }
}
