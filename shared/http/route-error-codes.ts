// The error codes a route answers because of its shape, not its feature: every route validates
// (400) and may fail (500), a signed-in route can be unauthenticated (401), and so on. With the
// codes its row lists, they are every code a client of the route can meet.
import { commonErrors, type ErrorCodeSpec } from '../vocabulary/errors.js';
import { honoursIdempotencyKey, type RouteDefinition } from './route.js';

const shapeCodes = {
  invalidRequest: { status: 400, code: 'invalid_request', message: 'body.name is required.' },
  unauthenticated: { status: 401, code: 'unauthenticated', message: 'A valid bearer token is required.' },
  apiKeyRefused: commonErrors.apiKeyRefused,
  notFound: { status: 404, code: 'not_found', message: 'Workspace was not found.' },
  idempotencyKeyInUse: {
    status: 409,
    code: 'idempotency_key_in_use',
    message: 'A request with this Idempotency-Key is still being processed. Retry after the delay in Retry-After.',
  },
  preconditionFailed: {
    status: 412,
    code: 'precondition_failed',
    message: 'The workspace has changed since you read it. Read it again and retry with the new ETag in If-Match.',
  },
  payloadTooLarge: { status: 413, code: 'payload_too_large', message: 'The request body is larger than 65536 bytes.' },
  unsupportedMediaType: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Send the request body as JSON with Content-Type: application/json.',
  },
  idempotencyKeyReused: {
    status: 422,
    code: 'idempotency_key_reused',
    message: 'This Idempotency-Key was used for a different request in the last 24 hours. Use a new key for a new request.',
  },
  internalError: {
    status: 500,
    code: 'internal_error',
    message: 'Something went wrong on our side. Quote the request id if you contact support.',
  },
  serviceUnavailable: { status: 503, code: 'service_unavailable', message: 'The service is busy. Retry after the delay in Retry-After.' },
} as const satisfies Record<string, ErrorCodeSpec>;

export function shapeErrorCodes(route: RouteDefinition): ErrorCodeSpec[] {
  const usesTable = route.tableAccess !== 'none';
  return [
    shapeCodes.invalidRequest,
    ...(route.auth === 'user' ? [shapeCodes.unauthenticated] : []),
    ...(route.auth === 'user' && !route.apiKeys ? [shapeCodes.apiKeyRefused] : []),
    // A path that names a resource answers 404 when it is not there (or not the caller's to see).
    ...(route.path.includes('{') && usesTable ? [shapeCodes.notFound] : []),
    ...(honoursIdempotencyKey(route) ? [shapeCodes.idempotencyKeyInUse, shapeCodes.idempotencyKeyReused] : []),
    ...(route.etag && route.method !== 'GET' ? [shapeCodes.preconditionFailed] : []),
    ...(route.body ? [shapeCodes.payloadTooLarge, shapeCodes.unsupportedMediaType] : []),
    shapeCodes.internalError,
    ...(usesTable ? [shapeCodes.serviceUnavailable] : []),
  ];
}

/** Every code the route can answer: its shape's and its row's, in status order. */
export function errorCodesOf(route: RouteDefinition): ErrorCodeSpec[] {
  return [...shapeErrorCodes(route), ...(route.errorCodes ?? [])].sort((a, b) => a.status - b.status);
}
