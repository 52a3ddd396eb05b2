// The OpenAPI 3.1 document, generated from the route table and its zod schemas.
import * as z from 'zod/mini';
import type { RouteDefinition } from './route.js';
import { errorBody } from './schemas.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is not valid; details name each bad field.',
  401: 'No valid bearer token.',
  403: 'Your role does not allow this.',
  404: 'Not found, or not visible to you.',
  409: 'Conflicts with the current state; the code says which.',
  410: 'No longer usable (an expired, revoked or declined invitation); the code says which.',
  412: 'If-Match named an ETag that is no longer current; nothing was changed. The ETag header has the current one.',
  413: 'The request body is larger than 64 KB.',
  415: 'The request body is not JSON.',
  422: 'This Idempotency-Key was already used with a different request.',
  429: 'Too many requests of this kind; retry after Retry-After seconds.',
  503: 'Temporarily unavailable; retry after Retry-After seconds.',
};

// OpenAPI 3.1 schemas are JSON Schema 2020-12 already; the per-schema $schema marker is noise.
function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _marker, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function parameters(schema: z.ZodMiniType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

const IF_MATCH = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description: 'An ETag from an earlier response: the write goes ahead only if the resource still has it (otherwise 412).',
  schema: { type: 'string' },
};
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Any unique string (a UUID): a retry with the same key and request within 24 hours gets the first response, with Idempotent-Replayed: true, and writes nothing.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};
const ETAG_HEADER = {
  ETag: { description: 'Names this representation; send it back in If-Match to update only what you read.', schema: { type: 'string' } },
};

function operation(route: RouteDefinition) {
  const errorStatuses = [
    400,
    ...(route.auth === 'user' ? [401, 404] : []),
    ...(route.body ? [413, 415] : []),
    ...(route.errors ?? []),
    ...(route.method === 'POST' ? [409, 422] : []),
    503,
  ];
  const success =
    route.successStatus === 204
      ? { description: 'Done; no content.' }
      : {
          description: 'Success.',
          ...(route.etag ? { headers: ETAG_HEADER } : {}),
          ...(route.response ? { content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } } : {}),
        };
  return {
    operationId: route.name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()),
    summary: route.summary,
    tags: [route.tag],
    ...(route.permission ? { description: `Requires the \`${route.permission}\` permission.` } : {}),
    security: route.auth === 'user' ? [{ bearer: [] }] : [],
    parameters: [
      ...parameters(route.params, 'path'),
      ...parameters(route.query, 'query'),
      ...(route.etag && route.method !== 'GET' ? [IF_MATCH] : []),
      ...(route.method === 'POST' ? [IDEMPOTENCY_KEY] : []),
    ],
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }
      : {}),
    responses: {
      [route.successStatus]: success,
      ...Object.fromEntries(
        [...new Set(errorStatuses)].sort().map((status) => [status, { $ref: `#/components/responses/Error${status}` }]),
      ),
    },
  };
}

let cached: Record<string, unknown> | undefined;

/** The route table (features/routes.ts) is passed in: the platform does not import the features above it. */
export function openApiDocument(routeList: readonly RouteDefinition[]): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routeList) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route);
  }
  const errorSchema = jsonSchema(errorBody, 'output');
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Orgspace API',
      version: '1.0.0',
      description: 'Organizations, workspaces, members and roles: the multi-tenant layer under a SaaS product.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (OIDC ID token)' } },
      responses: Object.fromEntries(
        Object.entries(STATUS_TEXT).map(([status, description]) => [
          `Error${status}`,
          { description, content: { 'application/json': { schema: errorSchema } } },
        ]),
      ),
    },
    paths,
  };
  return cached;
}
