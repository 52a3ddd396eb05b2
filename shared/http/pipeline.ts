// The middy pipeline every handler shares: map errors, parse and validate input, authenticate,
// call the domain, shape the response, log the request. A handler file is one call to httpRoute.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { z } from 'zod/mini';
import { principalFromContext } from '../auth/authorizer-context.js';
import { countingDynamoUsage, noDynamoUsage } from '../observability/dynamo-usage.js';
import { logAnsweredRequest } from '../observability/request-log.js';
import { commonErrors, ForbiddenError } from '../vocabulary/errors.js';
import { entityTagOf, type IfMatch } from '../vocabulary/preconditions.js';
import { type PersonOrKey, principalId, type RequestOrigin, type UserPrincipal } from '../vocabulary/principal.js';
import { type ErrorAnswer, errorAnswer } from './error-response.js';
import type { IdempotentRunner } from './idempotency.js';
import { parseInput } from './request-input.js';
import { type HttpResponse, jsonResponse, RawBody, rawResponse } from './response.js';
import { honoursIdempotencyKey, type RouteDefinition } from './route.js';

type Parsed<T> = T extends z.ZodMiniType ? z.output<T> : undefined;

export interface RouteInput<R extends RouteDefinition> {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  body: Parsed<R['body']>;
  /** Who is calling, as the authorizer verified it; undefined on public routes. */
  principal: R['auth'] extends 'user' ? (R['apiKeys'] extends true ? PersonOrKey : UserPrincipal) : undefined;
  /** Only on writes to routes with `etag`: the representation the client last saw. */
  ifMatch: IfMatch | undefined;
  /** Only on POST routes that write: the client's Idempotency-Key, if it sent one. */
  idempotencyKey: string | undefined;
  requestId: string;
  /** Where the request came from, for the audit log; also on the principal. */
  origin: RequestOrigin;
}

type AuthorizedEvent = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { lambda?: Record<string, unknown> } };
};

// A user agent is the client's to choose; an audit event keeps enough of it to recognise the client.
const USER_AGENT_KEPT = 256;

function originOf(event: APIGatewayProxyEventV2, requestId: string): RequestOrigin {
  const ip = event.requestContext?.http?.sourceIp;
  const userAgent = event.headers?.['user-agent'];
  return { requestId, ...(ip ? { ip } : {}), ...(userAgent ? { userAgent: [...userAgent].slice(0, USER_AGENT_KEPT).join('') } : {}) };
}

const requestIdOf = (event: APIGatewayProxyEventV2, context: Context | undefined): string =>
  event.requestContext?.requestId ?? context?.awsRequestId ?? 'unknown';

/** What the request log needs to learn inside the pipeline, per event (the local runtime serves many at once). */
interface Observed {
  principal?: { type: string; id: string };
  failure?: ErrorAnswer;
}

// Ids from the path as the client sent them, for the log: cut short, since a bad one is the client's text.
const pathId = (event: APIGatewayProxyEventV2, name: string): string | undefined => event.pathParameters?.[name]?.slice(0, 64);

/**
 * The path with its ids filled in and every other parameter left as `{name}`: an invitation's
 * token is a path parameter, and a log line is no place for it.
 */
const loggedPath = (route: RouteDefinition, event: APIGatewayProxyEventV2): string =>
  route.path.replace(/\{(\w+Id)\}/g, (placeholder, name: string) => pathId(event, name) ?? placeholder);

let coldStart = true;

/**
 * `runIdempotently` is passed in by POST routes (see idempotent-route.ts) rather than imported
 * here: it needs the table, which routes such as /health neither have nor should bundle.
 */
export function httpRoute<R extends RouteDefinition>(
  route: R,
  run: (input: RouteInput<R>) => Promise<unknown>,
  runIdempotently?: IdempotentRunner,
) {
  if (honoursIdempotencyKey(route) && !runIdempotently)
    throw new Error(`${route.name}: POST routes honour Idempotency-Key; build the handler with idempotentRoute`);
  const observed = new WeakMap<object, Observed>();
  const pipeline = middy<AuthorizedEvent, HttpResponse>()
    .use({
      onError: async (request) => {
        const answer = errorAnswer(request.error, requestIdOf(request.event, request.context));
        request.response = answer.response;
        const seen = observed.get(request.event);
        if (seen) seen.failure = answer;
      },
    })
    .handler(async (event, context) => {
      const requestId = requestIdOf(event, context);
      // Authentication first: an anonymous caller learns nothing from validation messages. The
      // token's expiry is checked here as well as in the authorizer, whose verdict API Gateway caches.
      const origin = originOf(event, requestId);
      const verified = route.auth === 'user' ? principalFromContext(event.requestContext.authorizer?.lambda) : undefined;
      const seen = observed.get(event);
      if (seen && verified) seen.principal = { type: verified.type, id: principalId(verified) };
      if (verified?.type === 'api_key' && !route.apiKeys)
        throw new ForbiddenError(commonErrors.apiKeyRefused.message, commonErrors.apiKeyRefused.code);
      const principal = verified ? { ...verified, origin } : undefined;
      const input = { ...parseInput(route, event), principal, requestId, origin } as RouteInput<R>;
      const respond = async (): Promise<HttpResponse> => {
        const result = await run(input);
        if (result instanceof RawBody) return rawResponse(route.successStatus, result, requestId);
        if (route.successStatus === 204) return jsonResponse(204, undefined, {}, requestId);
        return jsonResponse(route.successStatus, result, route.etag ? { ETag: entityTagOf(result) } : {}, requestId);
      };
      if (!input.idempotencyKey || !runIdempotently) return respond();
      const { params, query, body } = input;
      const response = await runIdempotently(
        {
          key: input.idempotencyKey,
          caller: principal ? principalId(principal) : 'public',
          request: { route: route.name, params, query, body },
        },
        respond,
      );
      return { ...response, headers: { ...response.headers, 'cache-control': 'no-store', 'x-request-id': requestId } };
    });

  return async (event: AuthorizedEvent, context: Context): Promise<HttpResponse> => {
    const started = performance.now();
    const wasCold = coldStart;
    coldStart = false;
    const seen: Observed = {};
    observed.set(event, seen);
    const dynamo = noDynamoUsage();
    const response = await countingDynamoUsage(dynamo, () => pipeline(event, context));
    logAnsweredRequest({
      requestId: requestIdOf(event, context),
      route: route.name,
      method: route.method,
      path: loggedPath(route, event),
      status: response.statusCode,
      durationMs: performance.now() - started,
      principal: seen.principal,
      orgId: pathId(event, 'orgId'),
      workspaceId: pathId(event, 'workspaceId'),
      dynamo,
      coldStart: wasCold,
      errorCode: seen.failure?.code,
      cause: seen.failure?.cause,
    });
    return response;
  };
}
