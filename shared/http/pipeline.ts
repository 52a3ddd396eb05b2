// The middy pipeline every handler shares: map errors, parse and validate input, authenticate,
// call the domain, shape the response. A handler file is one call to httpRoute.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { z } from 'zod/mini';
import { callerFromContext, type Caller } from './caller.js';
import { errorResponse } from './error-response.js';
import { parseInput } from './request-input.js';
import { jsonResponse, RawBody, rawResponse, type HttpResponse } from './response.js';
import type { RouteDefinition } from './route.js';

type Parsed<T> = T extends z.ZodMiniType ? z.output<T> : undefined;

export interface RouteInput<R extends RouteDefinition> {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  body: Parsed<R['body']>;
  caller: R['auth'] extends 'user' ? Caller : undefined;
  requestId: string;
}

type AuthorizedEvent = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { lambda?: Record<string, unknown> } };
};

const requestIdOf = (event: APIGatewayProxyEventV2, context: Context | undefined): string =>
  event.requestContext?.requestId ?? context?.awsRequestId ?? 'unknown';

export function httpRoute<R extends RouteDefinition>(
  route: R,
  run: (input: RouteInput<R>) => Promise<unknown>,
) {
  return middy<AuthorizedEvent, HttpResponse>()
    .use({
      onError: async (request) => {
        request.response = errorResponse(request.error, requestIdOf(request.event, request.context));
      },
    })
    .handler(async (event, context) => {
      const requestId = requestIdOf(event, context);
      // Authentication first: an anonymous caller learns nothing from validation messages.
      const caller = route.auth === 'user' ? callerFromContext(event.requestContext.authorizer?.lambda) : undefined;
      const input = { ...parseInput(route, event), caller, requestId } as RouteInput<R>;
      const result = await run(input);
      if (result instanceof RawBody) return rawResponse(route.successStatus, result, requestId);
      return jsonResponse(route.successStatus, route.successStatus === 204 ? undefined : result, {}, requestId);
    });
}
