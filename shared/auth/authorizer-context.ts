// The authorizer's verdict travels to handlers in the request context; this module is both ends
// of that contract, so the authorizer and the handlers cannot drift apart.
import { UnauthenticatedError } from '../vocabulary/errors.js';
import type { UserPrincipal } from '../vocabulary/principal.js';

/** Flat string values only: API Gateway passes simple-response context through as-is. */
export type AuthorizerContext =
  | { authenticated: 'true'; principalType: 'user'; userId: string; email: string; emailVerified: 'true' | 'false'; name: string }
  | { authenticated: 'false'; reason: string };

export function toAuthorizerContext(principal: UserPrincipal): AuthorizerContext {
  return {
    authenticated: 'true',
    principalType: 'user',
    userId: principal.userId,
    email: principal.email,
    emailVerified: principal.emailVerified ? 'true' : 'false',
    name: principal.name ?? '',
  };
}

export function principalFromContext(context: Record<string, unknown> | undefined): UserPrincipal {
  if (context?.authenticated !== 'true') {
    const reason = typeof context?.reason === 'string' ? context.reason : undefined;
    throw new UnauthenticatedError(reason);
  }
  const name = String(context.name ?? '');
  return {
    type: 'user',
    userId: String(context.userId),
    email: String(context.email),
    emailVerified: String(context.emailVerified) === 'true',
    name: name === '' ? null : name,
  };
}
