// Emulates API Gateway's HTTP API on a local port: matches the route table, runs the same
// authorizer (with the same per-token cache) and the same handler modules as Lambda would, with
// API Gateway v2 events. Where API Gateway answers by itself (no route, no Authorization header,
// a crashed function) this answers as it does, so that local behaviour is what AWS will do.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { RouteDefinition } from '../../shared/http/route.js';
import { type AuthorizerResult, createCachedAuthorizer } from './authorizer-cache.js';
import { createDevRoutes } from './dev-routes.js';
import type { LocalDnsServer } from './dns-server.js';
import { answerCors, gatewayError, sendLambdaResult } from './gateway-answers.js';
import { gatewayEvent, readBody } from './gateway-event.js';
import { lambdaContext, loadHandler } from './lambda-modules.js';
import { type LocalServer, startLocalServer } from './local-server.js';
import type { LocalIssuer } from './oidc-issuer.js';
import { matchRoute } from './route-matcher.js';

type LambdaHandler = (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export type LocalApi = LocalServer;

/** Told of every answer a route's handler gave: how the tests learn which error codes each route really sends. */
export type RouteResultObserver = (route: RouteDefinition, result: APIGatewayProxyStructuredResultV2) => void;

export async function startLocalApi(options: {
  port: number;
  host?: string;
  issuer: LocalIssuer;
  /** The local DNS server whose records PUT /dev/dns/txt sets. */
  dns?: LocalDnsServer;
  onRouteResult?: RouteResultObserver;
}): Promise<LocalApi> {
  const authorize = createCachedAuthorizer();
  const serveDevRoute = createDevRoutes(options.issuer, options.dns);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (answerCors(request, response)) return;
    const body = await readBody(request);
    if (body === 'too_large') return gatewayError(response, 413, 'Request Entity Too Large');
    if (await serveDevRoute(request, response, url, body)) return;

    const match = matchRoute(request.method ?? 'GET', url.pathname);
    if (match === 'not_found') return gatewayError(response, 404, 'Not Found');
    if (match === 'bad_request') return gatewayError(response, 400, 'Bad Request');
    const { route } = match;
    const requestId = randomUUID();
    const event = gatewayEvent(request, url, match, body, requestId);

    if (route.auth === 'user') {
      const authorization = event.headers.authorization;
      if (!authorization) return gatewayError(response, 401, 'Unauthorized');
      let verdict: AuthorizerResult;
      try {
        verdict = await authorize(authorization, event);
      } catch (error) {
        console.error('[local api] authorizer failed:', error);
        return gatewayError(response, 500, 'Internal Server Error');
      }
      if (!verdict.isAuthorized) return gatewayError(response, 403, 'Forbidden');
      Object.assign(event.requestContext, { authorizer: { lambda: verdict.context ?? {} } });
    }

    let result: APIGatewayProxyStructuredResultV2;
    try {
      const handler = await loadHandler<LambdaHandler>(route.name);
      result = await handler(event, lambdaContext(route.name, requestId));
    } catch (error) {
      console.error(`[local api] ${route.name} failed:`, error);
      return gatewayError(response, 500, 'Internal Server Error');
    }
    options.onRouteResult?.(route, result);
    sendLambdaResult(response, result, requestId);
  }

  return startLocalServer(handle, options.port, options.host ?? '127.0.0.1');
}
