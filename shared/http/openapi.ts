// The OpenAPI 3.1 document, generated from the route table and its zod schemas. It declares every
// status a client can receive, and from whom: the API's own JSON error, or API Gateway's
// `{"message": "..."}` where the gateway answers by itself (no Authorization header, no matching
// route, the stage's throttle, a function that failed), which clients must be able to tell apart.
import * as z from 'zod/mini';
import { IDEMPOTENCY_KEY_PATTERN } from './idempotency-key.js';
import { IF_MATCH_MAX_LENGTH, MAX_BODY_BYTES } from './request-input.js';
import { honoursIdempotencyKey, type RouteDefinition } from './route.js';
import { errorCodesOf } from './route-error-codes.js';
import { errorBody } from './schemas.js';

/** One code a status can carry, as a typed error catalogue lists it. */
export interface ErrorCode {
  code: string;
  message: string;
}

/** A route's error codes by status. */
export type ErrorCodes = Partial<Record<number, readonly ErrorCode[]>>;

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is not valid; details name each bad field.',
  401: 'No valid bearer token.',
  403: 'Your role does not allow this.',
  404: 'Not found, or not visible to you.',
  409: 'Conflicts with the current state; the code says which.',
  410: 'No longer usable (an expired, revoked or declined invitation); the code says which.',
  412: 'If-Match named an ETag that is no longer current; nothing was changed. The ETag header has the current one.',
  413: `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`,
  415: 'The request body is not JSON.',
  422: 'This Idempotency-Key was already used with a different request.',
  429: 'Too many requests; wait before retrying.',
  500: 'Something failed on our side; nothing is known to have changed. The request id identifies it.',
  503: 'Temporarily unavailable; retry after Retry-After seconds.',
};

/** When API Gateway answers a route's request by itself, and the message of its body. */
const GATEWAY_ANSWERS: Record<number, { message: string; when: string }> = {
  400: { message: 'Bad Request', when: 'a path parameter that is not valid percent-encoding' },
  401: { message: 'Unauthorized', when: 'no Authorization header' },
  404: { message: 'Not Found', when: 'an empty path parameter, which matches no route' },
  413: { message: 'Request Entity Too Large', when: "a body over API Gateway's own limit of 10 MB" },
  429: { message: 'Too Many Requests', when: "the stage's request rate is exceeded (the throttle sends no Retry-After)" },
  500: { message: 'Internal Server Error', when: 'the function or the authorizer failed before it could answer' },
};

const TAG_DESCRIPTIONS: Record<string, string> = {
  Service: 'Liveness, and this document with its interactive page.',
  Users: 'The caller, as their token and first sign-in made them.',
  Organizations: 'Tenants: each holds members with a role, and isolated workspaces.',
  Workspaces: "Isolated environments inside an organization (think staging and prod), with members' grants.",
  'Access tokens':
    'Short-lived tokens that say who the caller is in a workspace, for your product to verify offline, and the keys to verify them with.',
  Members: 'People in an organization, their role, and what they may do in each workspace.',
  Invitations: 'Invitations by email, and the link that lets the invitee see, accept or decline one.',
  'Audit log': 'Every change, recorded with the change itself: who did what to which, from what to what.',
  Webhooks: "Endpoints that receive the organization's events, signed per the Standard Webhooks spec, and the log of their deliveries.",
  'Access requests':
    "Members asking for a role in a workspace of their organization, and its admins' answers: each step emailed, each an event.",
  'API keys':
    "A workspace's keys for machines: each acts in its own workspace within its role, is shown once, and stops working from the request after its revocation.",
  Domains:
    'Email domains an organization proves it controls with a DNS TXT record: each domain is owned by the first org to verify it, and re-checked daily.',
  Joining:
    'Joining an organization by its verified email domain: its settings, joining at once in `auto` mode, and join requests that its admins answer in `suggest` mode.',
  Credentials:
    "A workspace's secrets for its machines, encrypted under the workspace's own data key: shown masked, revealed only to its developers, admins and their keys, each reveal audited; versioned, and movable between workspaces.",
  'Personal credentials':
    "A member's own secrets in one organization, encrypted under a data key of their own: only they can reveal or change them, org admins included; an admin can list and delete a member's, never read them. Leaving or being removed erases them.",
};

const ERROR_SCHEMA = { $ref: '#/components/schemas/Error' };
const GATEWAY_ERROR_SCHEMA = { $ref: '#/components/schemas/GatewayError' };

const INT32 = 2 ** 31;

/** `^[A-Za-z0-9_-]{43}$`: one character class, exactly n times. */
function fixedLengthOf(pattern: unknown): number | undefined {
  const repeat = typeof pattern === 'string' ? /^\^\[(?:[^\]\\]|\\.)*\]\{(\d+)\}\$$/.exec(pattern) : null;
  return repeat ? Number(repeat[1]) : undefined;
}

// OpenAPI 3.1 schemas are JSON Schema 2020-12 already; the per-schema $schema marker is noise.
function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _marker, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    override: ({ jsonSchema: generated }) => {
      // Clients generate code from these: an integer's width picks their type.
      if (generated.type === 'integer') {
        const fits = (bound: unknown) => typeof bound === 'number' && bound >= -INT32 && bound < INT32;
        generated.format = fits(generated.minimum) && fits(generated.maximum) ? 'int32' : 'int64';
      }
      // The pattern already says it, but length is what generators and linters read.
      const fixedLength = generated.format === 'uuid' ? 36 : fixedLengthOf(generated.pattern);
      if (generated.type === 'string' && fixedLength !== undefined) {
        generated.minLength = fixedLength;
        generated.maxLength = fixedLength;
      }
    },
  }) as Record<string, unknown>;
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
  description:
    'An ETag from an earlier response (or `*`): the write goes ahead only if the resource still has it, otherwise 412 and nothing changes.',
  schema: { type: 'string', minLength: 1, maxLength: IF_MATCH_MAX_LENGTH },
};
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Any unique string (a UUID): a retry with the same key and request within 24 hours gets the first response, with Idempotent-Replayed: true, and writes nothing.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN.source },
};

const header = (description: string, schema: Record<string, unknown>, required = false) => ({ description, required, schema });
const SECONDS = { type: 'integer', format: 'int32', minimum: 1, maximum: 3600 };

// Shared by many responses, so each is written once under components.headers.
const HEADERS = {
  RequestId: header('Names this request in our logs; quote it to support.', { type: 'string', maxLength: 64 }, true),
  RequestIdWhenApiAnswered: header('Names this request in our logs, when the API answered (API Gateway sends none).', {
    type: 'string',
    maxLength: 64,
  }),
  ETag: header(
    'Names this representation; send it back in If-Match to update only what you read.',
    { type: 'string', maxLength: 64 },
    true,
  ),
  CurrentETag: header('The current ETag, when the resource had already changed as the write began.', { type: 'string', maxLength: 64 }),
  IdempotentReplayed: header('`true` when this is the stored answer to an earlier request with the same Idempotency-Key.', {
    type: 'string',
    const: 'true',
  }),
  RetryAfter: header('Seconds to wait before retrying.', SECONDS, true),
  RetryAfterWhenLimited: header(
    "Seconds to wait, when the API limits this action itself; the stage's throttle sends none (back off, then retry).",
    SECONDS,
  ),
  RetryAfterWhenInProgress: header('Seconds to wait, when a request with the same Idempotency-Key is still being processed.', SECONDS),
  WwwAuthenticate: header('`Bearer`, when the API answered.', { type: 'string', const: 'Bearer' }),
};
const headerRef = (name: keyof typeof HEADERS) => ({ $ref: `#/components/headers/${name}` });

/** Examples of error bodies, written once under components.examples and referred to by name. */
export class ExampleRegistry {
  readonly examples: Record<string, { summary: string; value: unknown }> = {};

  /** The reference to this code's example; a code seen again with another message gets a name of its own. */
  code({ code, message }: ErrorCode): { $ref: string } {
    const value = { error: { code, message, request_id: 'c0ffee00-0000-4000-8000-000000000000', details: [] } };
    let name = code;
    for (let n = 2; this.examples[name] && this.examples[name]?.summary !== message; n++) name = `${code}_${n}`;
    this.examples[name] = { summary: message, value };
    return { $ref: `#/components/examples/${name}` };
  }

  gateway(status: number, answer: { message: string; when: string }): { $ref: string } {
    const name = `api_gateway_${status}`;
    this.examples[name] = { summary: `API Gateway, for ${answer.when}`, value: { message: answer.message } };
    return { $ref: `#/components/examples/${name}` };
  }
}

/** The statuses a route can answer besides its success, and whether the API, API Gateway or both send each. */
function errorStatuses(route: RouteDefinition): Map<number, { api: boolean; gateway: boolean }> {
  const hasPathParams = route.path.includes('{');
  const usesTable = route.tableAccess !== 'none';
  const listed = new Set([...(route.errors ?? []), ...(route.errorCodes ?? []).map((code) => code.status)]);
  const statuses = new Map<number, { api: boolean; gateway: boolean }>();
  const add = (status: number, api: boolean, gateway = false) => {
    if (api || gateway) statuses.set(status, { api, gateway });
  };
  add(400, true, hasPathParams);
  if (route.auth === 'user') add(401, true, true);
  add(403, listed.has(403) || (route.auth === 'user' && !route.apiKeys));
  // A path that names a resource answers 404 when it is not there (or not the caller's to see).
  add(404, (hasPathParams && usesTable) || listed.has(404), hasPathParams);
  add(409, listed.has(409) || honoursIdempotencyKey(route));
  add(410, listed.has(410));
  add(412, listed.has(412));
  if (route.body) {
    add(413, true, true);
    add(415, true);
  }
  if (honoursIdempotencyKey(route)) add(422, true);
  add(429, listed.has(429), true);
  add(500, true, true);
  // DynamoDB's throttling and transaction conflicts end as a 503, after retries; so does a busy
  // signing key, for the routes that list it.
  add(503, usesTable || listed.has(503));
  return new Map([...statuses].sort(([a], [b]) => a - b));
}

/** Every code the route can answer, by status: its shape's and its row's (route-error-codes.ts). */
function codesByStatus(route: RouteDefinition): ErrorCodes {
  const byStatus: Record<number, ErrorCode[]> = {};
  for (const { status, code, message } of errorCodesOf(route)) byStatus[status] = [...(byStatus[status] ?? []), { code, message }];
  return byStatus;
}

function errorResponse(
  route: RouteDefinition,
  status: number,
  from: { api: boolean; gateway: boolean },
  codes: readonly ErrorCode[],
  examples: ExampleRegistry,
) {
  const gateway = from.gateway ? GATEWAY_ANSWERS[status] : undefined;
  const apiCodes = from.api ? codes : [];
  const description = [
    STATUS_TEXT[status] ?? 'An error.',
    ...(apiCodes.length > 0 ? [`Codes: ${apiCodes.map(({ code }) => `\`${code}\``).join(', ')}.`] : []),
    ...(gateway
      ? [
          `API Gateway answers by itself with \`{"message": "${gateway.message}"}\` for ${gateway.when}${from.api ? '; otherwise the API answers with its error.' : '.'}`,
        ]
      : []),
  ].join(' ');
  const exampleRefs = {
    ...Object.fromEntries(apiCodes.map((code) => [code.code, examples.code(code)])),
    ...(gateway ? { api_gateway: examples.gateway(status, gateway) } : {}),
  };
  const schema = from.api && gateway ? { oneOf: [ERROR_SCHEMA, GATEWAY_ERROR_SCHEMA] } : from.api ? ERROR_SCHEMA : GATEWAY_ERROR_SCHEMA;
  const retryAfter =
    status === 503
      ? headerRef('RetryAfter')
      : status === 429
        ? headerRef('RetryAfterWhenLimited')
        : status === 409 && honoursIdempotencyKey(route)
          ? headerRef('RetryAfterWhenInProgress')
          : undefined;
  const headers = {
    ...(from.api ? { 'X-Request-Id': headerRef(gateway ? 'RequestIdWhenApiAnswered' : 'RequestId') } : {}),
    ...(retryAfter ? { 'Retry-After': retryAfter } : {}),
    ...(status === 401 && from.api ? { 'WWW-Authenticate': headerRef('WwwAuthenticate') } : {}),
    ...(status === 412 ? { ETag: headerRef('CurrentETag') } : {}),
  };
  return {
    description,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(apiCodes.length > 0 ? { 'x-error-codes': apiCodes } : {}),
    content: { 'application/json': { schema, ...(Object.keys(exampleRefs).length > 0 ? { examples: exampleRefs } : {}) } },
  };
}

function successResponse(route: RouteDefinition) {
  const headers = {
    'X-Request-Id': headerRef('RequestId'),
    ...(route.etag ? { ETag: headerRef('ETag') } : {}),
    ...(honoursIdempotencyKey(route) ? { 'Idempotent-Replayed': headerRef('IdempotentReplayed') } : {}),
  };
  if (route.successStatus === 204) return { description: 'Done; no content.', headers };
  const content = route.response
    ? { 'application/json': { schema: jsonSchema(route.response, 'output') } }
    : Object.fromEntries(
        (route.mediaTypes ?? []).map((type) => [type, { schema: type === 'application/json' ? { type: 'object' } : { type: 'string' } }]),
      );
  return { description: 'Success.', headers, ...(Object.keys(content).length > 0 ? { content } : {}) };
}

function accessText(route: RouteDefinition): string {
  if (route.auth === 'public') return 'Public: no bearer token needed.';
  const keys = route.apiKeys ? ' A workspace API key of that workspace may call it too.' : '';
  return (route.permission ? `Requires the \`${route.permission}\` permission.` : 'Any signed-in caller.') + keys;
}

/** One operation of the document; `codes` are the route's own error codes, by status, and `examples` collects their examples. */
export function operation(route: RouteDefinition, examples: ExampleRegistry, codes: ErrorCodes = codesByStatus(route)) {
  return {
    operationId: route.name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()),
    summary: route.summary,
    description: [
      accessText(route),
      ...(route.description ? [route.description] : []),
      ...(route.records ? [`Records ${route.records.map((action) => `\`${action}\``).join(' or ')} in the audit log.`] : []),
    ].join(' '),
    ...(route.records ? { 'x-audit-events': route.records } : {}),
    tags: [route.tag],
    security: route.auth === 'user' ? [{ bearer: [] }] : [],
    parameters: [
      ...parameters(route.params, 'path'),
      ...parameters(route.query, 'query'),
      ...(route.etag && route.method !== 'GET' ? [IF_MATCH] : []),
      ...(honoursIdempotencyKey(route) ? [IDEMPOTENCY_KEY] : []),
    ],
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }
      : {}),
    responses: {
      [route.successStatus]: successResponse(route),
      ...Object.fromEntries(
        [...errorStatuses(route)].map(([status, from]) => [status, errorResponse(route, status, from, codes[status] ?? [], examples)]),
      ),
    },
  };
}

let cached: Record<string, unknown> | undefined;

/** The route table (features/routes.ts) is passed in: the platform does not import the features above it. */
export function openApiDocument(routeList: readonly RouteDefinition[]): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  const examples = new ExampleRegistry();
  for (const route of routeList) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route, examples);
  }
  const tags = [...new Set(routeList.map((route) => route.tag))].map((name) => ({
    name,
    ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}),
  }));
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Orgspace API',
      version: '1.0.0',
      description: 'Organizations, workspaces, members and roles: the multi-tenant layer under a SaaS product.',
    },
    // Relative: each deployment serves this document from its own root, and is the server it describes.
    servers: [{ url: '/', description: 'The deployment that serves this document (production, staging or local).', 'x-internal': false }],
    tags,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            "An OIDC ID token from the deployment's issuer, checked as RFC8725 advises: signed with one of the issuer's published keys and an asymmetric algorithm (RS256, ES256, PS256 or EdDSA, never `none` or a shared secret), with its issuer, audience and expiry verified. Or, on the routes that say so, a workspace API key (`osk_<environment>_...`): it acts in its own workspace within its role, and a revoked or expired key is refused from the next request.",
        },
      },
      headers: HEADERS,
      examples: examples.examples,
      schemas: {
        Error: { ...jsonSchema(errorBody, 'output'), description: "The API's own error." },
        GatewayError: {
          type: 'object',
          description: "API Gateway's own answer, where it answers without calling the API; the message is the status's reason phrase.",
          properties: { message: { type: 'string', maxLength: 64 } },
          required: ['message'],
          additionalProperties: false,
        },
      },
    },
    paths,
  };
  return cached;
}
