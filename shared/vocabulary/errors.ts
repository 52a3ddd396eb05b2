// Domain code throws these; shared/http/error-response.ts is the one place that turns them into HTTP.

export interface ErrorDetail {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super(400, 'invalid_request', message, details);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'A valid bearer token is required.') {
    super(401, 'unauthenticated', message, [], { 'WWW-Authenticate': 'Bearer' });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Your role does not allow this action.', code = 'forbidden') {
    super(403, code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'not_found', `${what} was not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

/** The thing existed but can no longer be used (an expired or revoked invitation). */
export class GoneError extends AppError {
  constructor(code: string, message: string) {
    super(410, code, message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(code: string, message: string, retryAfterSeconds: number) {
    super(429, code, message, [], { 'Retry-After': String(retryAfterSeconds) });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `The request body is larger than ${limitBytes} bytes.`);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(retryAfterSeconds: number) {
    super(503, 'service_unavailable', 'The service is busy. Retry after the delay in Retry-After.', [], {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}

/**
 * One error a route can answer: its status, its stable code and a sample message. Route rows list
 * theirs (`errorCodes`), the OpenAPI document shows them, and the test suite fails a route that
 * answers a code its row does not list.
 */
export interface ErrorCodeSpec {
  status: number;
  code: string;
  message: string;
}

/** The codes that belong to no single feature. */
export const commonErrors = {
  forbidden: { status: 403, code: 'forbidden', message: 'Your role does not allow this action.' },
  userRequired: {
    status: 403,
    code: 'user_required',
    message: 'Only a signed-in person can do this; API keys and background jobs cannot.',
  },
  /** What the pipeline answers a workspace API key on a route that takes none. */
  apiKeyRefused: {
    status: 403,
    code: 'user_required',
    message: 'API keys act only inside their workspace: this route is for a signed-in person.',
  },
  concurrentModification: {
    status: 409,
    code: 'concurrent_modification',
    message: 'It was changed by another request at the same time. Read it again and retry.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;
