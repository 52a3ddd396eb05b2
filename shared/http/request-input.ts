// Turns an API Gateway event into the typed input a route declares: body size and JSON checks,
// then the route's zod schemas for path, query and body. Every failure is a 4xx naming the field.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod/mini';
import { AppError, type ErrorDetail, PayloadTooLargeError, ValidationError } from '../vocabulary/errors.js';
import type { IfMatch } from '../vocabulary/preconditions.js';
import { idempotencyKeyOf } from './idempotency-key.js';
import { honoursIdempotencyKey, type RouteDefinition } from './route.js';

export const MAX_BODY_BYTES = 64 * 1024;
/** Room for dozens of our 24-character tags; a longer header is not one a client of ours built. */
export const IF_MATCH_MAX_LENGTH = 1024;

type Location = 'path' | 'query' | 'body';

export function parseInput(route: RouteDefinition, event: APIGatewayProxyEventV2) {
  return {
    params: validate(route.params, event.pathParameters ?? {}, 'path'),
    query: route.query ? validate(route.query, event.queryStringParameters ?? {}, 'query') : refuseAnyQuery(event.queryStringParameters),
    body: route.body ? validate(route.body, readJsonBody(event), 'body') : undefined,
    ifMatch: route.etag && route.method !== 'GET' ? parseIfMatch(headerValue(event, 'if-match')) : undefined,
    idempotencyKey: honoursIdempotencyKey(route) ? idempotencyKeyOf(headerValue(event, 'idempotency-key')) : undefined,
  };
}

const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/** `*`, or a comma-separated list of entity tags as ETag headers return them (quotes included). */
function parseIfMatch(header: string | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  if (header.length > IF_MATCH_MAX_LENGTH)
    throw new ValidationError(`The If-Match header must be at most ${IF_MATCH_MAX_LENGTH} characters.`, [
      { field: 'header.if-match', message: `must be at most ${IF_MATCH_MAX_LENGTH} characters` },
    ]);
  if (header.trim() === '*') return { any: true };
  const tags = header.split(',').map((tag) => tag.trim());
  if (tags.length > 0 && tags.every((tag) => ENTITY_TAG.test(tag))) return { tags };
  throw new ValidationError('The If-Match header must be "*" or ETag values exactly as a response returned them, quotes included.', [
    { field: 'header.if-match', message: 'must be "*" or a list of quoted ETags' },
  ]);
}

function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  const contentType = headerValue(event, 'content-type');
  if (contentType && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new AppError(415, 'unsupported_media_type', 'Send the request body as JSON with Content-Type: application/json.');
  }
  if (text.trim() === '') throw new ValidationError('A JSON request body is required.', [{ field: 'body', message: 'is required' }]);
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('The request body is not valid JSON.', [{ field: 'body', message: 'must be valid JSON' }]);
  }
}

// A route that declares no query takes none: a stray parameter (say `?org_id=` from a client that
// expects it to pick the tenant) is refused with 400 rather than silently ignored.
function refuseAnyQuery(query: Record<string, string | undefined> | undefined): undefined {
  const names = Object.keys(query ?? {});
  if (names.length === 0) return undefined;
  const details = names.map((name) => ({ field: `query.${name}`, message: 'is not a field of this request; remove it' }));
  throw new ValidationError(summary(details), details);
}

function validate(schema: z.ZodMiniType | undefined, value: unknown, location: Location): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = issueDetails(location, result.error.issues);
  throw new ValidationError(summary(details), details);
}

/** One error detail per problem, each naming its field as `location.path`. */
export function issueDetails(location: Location, issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  return issues.flatMap((issue): ErrorDetail[] => {
    const field = [location, ...issue.path].map(String).join('.');
    // Unknown keys are reported on their parent object; name each key, so the client knows what to drop.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: `${field}.${key}`, message: issue.message }));
    return [{ field, message: issue.message }];
  });
}

function summary(details: ErrorDetail[]): string {
  const first = details[0];
  if (!first) return 'The request is not valid.';
  const more = details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : '';
  return `${first.field} ${first.message}${more}.`;
}

function headerValue(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key ? headers[key] : undefined;
}
