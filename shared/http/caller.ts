// The authorizer's verdict travels to handlers in the request context; this module is both ends
// of that contract, so the authorizer and the handlers cannot drift apart.
import { UnauthenticatedError } from '../errors.js';

export interface Caller {
  userId: string;
  email: string;
  emailVerified: boolean;
  name: string | null;
}

/** Flat string values only: API Gateway passes simple-response context through as-is. */
export type AuthorizerContext =
  | { authenticated: 'true'; userId: string; email: string; emailVerified: 'true' | 'false'; name: string }
  | { authenticated: 'false'; reason: string };

export function toAuthorizerContext(caller: Caller): AuthorizerContext {
  return {
    authenticated: 'true',
    userId: caller.userId,
    email: caller.email,
    emailVerified: caller.emailVerified ? 'true' : 'false',
    name: caller.name ?? '',
  };
}

export function callerFromContext(context: Record<string, unknown> | undefined): Caller {
  if (context?.authenticated !== 'true') {
    const reason = typeof context?.reason === 'string' ? context.reason : undefined;
    throw new UnauthenticatedError(reason);
  }
  const name = String(context.name ?? '');
  return {
    userId: String(context.userId),
    email: String(context.email),
    emailVerified: String(context.emailVerified) === 'true',
    name: name === '' ? null : name,
  };
}
