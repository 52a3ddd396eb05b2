// The route's Lambda authorizer as API Gateway runs it: the same handler module, with a REQUEST
// event, and its verdict cached per Authorization header for the same 5 minutes as the stack's.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { lambdaContext, loadHandler } from './lambda-modules.js';

const AUTHORIZER_CACHE_MS = 5 * 60 * 1000;

export type AuthorizerResult = { isAuthorized: boolean; context?: Record<string, unknown> };
type Authorizer = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<AuthorizerResult>;

export function createCachedAuthorizer(): (headerValue: string, event: APIGatewayProxyEventV2) => Promise<AuthorizerResult> {
  const cache = new Map<string, { result: AuthorizerResult; expires: number }>();
  return async (headerValue, event) => {
    const cached = cache.get(headerValue);
    if (cached && cached.expires > Date.now()) return cached.result;
    const authorizer = await loadHandler<Authorizer>('authorizer');
    const result = await authorizer(
      {
        ...event,
        type: 'REQUEST',
        identitySource: [headerValue],
        routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${event.routeKey}`,
      },
      lambdaContext('authorizer', event.requestContext.requestId),
    );
    cache.set(headerValue, { result, expires: Date.now() + AUTHORIZER_CACHE_MS });
    return result;
  };
}
