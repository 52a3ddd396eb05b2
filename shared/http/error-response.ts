// The one place that turns an error into an HTTP response. A client's mistake arrives here as an
// AppError and is shown as-is; anything else is logged and answered as a 500 that names only the
// request id, so no stack trace, table name or key ever reaches a client.
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

export function errorResponse(error: unknown, requestId: string): HttpResponse {
  const known = toAppError(error);
  if (!known) {
    console.error(JSON.stringify({ level: 'error', requestId, error: describe(error) }));
    return jsonResponse(
      500,
      body('internal_error', 'Something went wrong on our side. Quote the request id if you contact support.', requestId),
      {},
      requestId,
    );
  }
  if (known.status >= 500) console.warn(JSON.stringify({ level: 'warn', requestId, code: known.code, cause: describe(error) }));
  return jsonResponse(known.status, body(known.code, known.message, requestId, known.details), known.headers, requestId);
}

function body(code: string, message: string, requestId: string, details: AppError['details'] = []) {
  return { error: { code, message, request_id: requestId, details } };
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { value: String(error) };
}
