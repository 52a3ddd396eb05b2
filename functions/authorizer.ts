// The one Lambda authorizer (HTTP API, REQUEST, simple responses, cached by token). It always
// authorizes and passes its verdict in the context, so that a bad token is answered by the
// route with the API's own JSON 401 rather than API Gateway's bare 403.
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { ensureUser } from '../features/users/user-service.js';
import { type AuthorizerContext, toAuthorizerContext } from '../shared/auth/authorizer-context.js';
import { verifyBearerToken } from '../shared/auth/verify-token.js';
import { UnauthenticatedError } from '../shared/vocabulary/errors.js';

export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<{ isAuthorized: boolean; context: AuthorizerContext }> {
  try {
    const { principal, expiresAt } = await verifyBearerToken(event.headers?.authorization ?? event.identitySource?.[0]);
    await ensureUser(principal);
    return { isAuthorized: true, context: toAuthorizerContext(principal, expiresAt) };
  } catch (error) {
    if (error instanceof UnauthenticatedError) return { isAuthorized: true, context: { authenticated: 'false', reason: error.message } };
    throw error;
  }
}
