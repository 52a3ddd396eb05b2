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
import { countingDynamoUsage, noDynamoUsage } from '../shared/observability/dynamo-usage.js';
import { errorFields, log } from '../shared/observability/log.js';
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

let coldStart = true;

const principalOf = (context: AuthorizerContext | undefined) => {
  if (context?.authenticated !== 'true') return undefined;
  return context.principalType === 'user' ? { type: 'user', id: context.userId } : { type: 'api_key', id: context.keyId };
};

export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<{ isAuthorized: boolean; context: AuthorizerContext }> {
  const started = performance.now();
  const wasCold = coldStart;
  coldStart = false;
  const dynamo = noDynamoUsage();
  let outcome: 'authenticated' | 'unauthenticated' | 'failed' = 'failed';
  let context: AuthorizerContext | undefined;
  try {
    context = await countingDynamoUsage(dynamo, () => verdict(event.headers?.authorization ?? event.identitySource?.[0]));
    outcome = 'authenticated';
    return { isAuthorized: true, context };
  } catch (error) {
    if (error instanceof UnauthenticatedError) {
      outcome = 'unauthenticated';
      return { isAuthorized: true, context: { authenticated: 'false', reason: error.message } };
    }
    log('error', 'authorizer_failed', { request_id: event.requestContext?.requestId, error: errorFields(error) });
    throw error;
  } finally {
    // The verdict, never the token: who it named, if anyone.
    log(
      'info',
      'authorizer',
      {
        request_id: event.requestContext?.requestId,
        outcome,
        principal: principalOf(context),
        duration_ms: Math.round((performance.now() - started) * 10) / 10,
        dynamodb: { requests: dynamo.requests, capacity_units: dynamo.capacityUnits },
        cold_start: wasCold,
      },
      `  authorizer: ${outcome} ${Math.round(performance.now() - started)} ms · ${dynamo.requests} DynamoDB request${dynamo.requests === 1 ? '' : 's'}`,
    );
  }
}
