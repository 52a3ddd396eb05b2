// The one place that turns an error into an HTTP response. A client's mistake arrives here as an
// AppError and is shown as-is; anything else is answered as a 500 that names only the request id,
// so no stack trace, table name or key ever reaches a client. The request's log line (the
// pipeline's) carries the code and, for a 5xx, the error with its stack: logged once, there.
import { AppError, ServiceUnavailableError } from '../vocabulary/errors.js';
import { type HttpResponse, jsonResponse } from './response.js';

const RETRYABLE_AWS_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
  'InternalServerError',
  'ServiceUnavailable',
  // KMS, signing access tokens: its own outage and that of what it depends on. (Its throttling is ThrottlingException.)
  'KMSInternalException',
  'DependencyTimeoutException',
  'KeyUnavailableException',
]);

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && RETRYABLE_AWS_ERRORS.has(name)) return new ServiceUnavailableError(1);
  return undefined;
}

export interface ErrorAnswer {
  response: HttpResponse;
  /** The `error.code` the client sees. */
  code: string;
  /** What to log with a 5xx: the error as thrown, which the client never sees. */
  cause?: unknown;
}

export function errorAnswer(error: unknown, requestId: string): ErrorAnswer {
  const known = toAppError(error);
  if (!known) {
    const message = 'Something went wrong on our side. Quote the request id if you contact support.';
    return { response: jsonResponse(500, body('internal_error', message, requestId), {}, requestId), code: 'internal_error', cause: error };
  }
  return {
    response: jsonResponse(known.status, body(known.code, known.message, requestId, known.details), known.headers, requestId),
    code: known.code,
    ...(known.status >= 500 ? { cause: error } : {}),
  };
}

export const errorResponse = (error: unknown, requestId: string): HttpResponse => errorAnswer(error, requestId).response;

function body(code: string, message: string, requestId: string, details: AppError['details'] = []) {
  return { error: { code, message, request_id: requestId, details } };
}
