// The authorizer's verdict travels to handlers in the request context; this module is both ends
// of that contract, so the authorizer and the handlers cannot drift apart.
import { UnauthenticatedError } from '../vocabulary/errors.js';
import type { UserPrincipal } from '../vocabulary/principal.js';

/** How far past `exp` a token is still taken, for clocks that disagree; the authorizer and the handlers alike. */
export const CLOCK_TOLERANCE_SECONDS = 5;
export const TOKEN_EXPIRED_MESSAGE = 'The bearer token has expired. Sign in again for a fresh one.';

/** Flat string values only: API Gateway passes simple-response context through as-is. */
export type AuthorizerContext =
  | {
      authenticated: 'true';
      principalType: 'user';
      userId: string;
      email: string;
      emailVerified: 'true' | 'false';
      name: string;
      /** The token's `exp`, in seconds since the epoch. */
      tokenExpiresAt: string;
    }
  | { authenticated: 'false'; reason: string };

export function toAuthorizerContext(principal: UserPrincipal, tokenExpiresAt: number): AuthorizerContext {
  return {
    authenticated: 'true',
    principalType: 'user',
    userId: principal.userId,
    email: principal.email,
    emailVerified: principal.emailVerified ? 'true' : 'false',
    name: principal.name ?? '',
    tokenExpiresAt: String(tokenExpiresAt),
  };
}

/** As jose decides it in the authorizer: expired once `exp` is more than the tolerance behind the clock. */
export const tokenHasExpired = (expiresAt: number, nowMs: number): boolean =>
  expiresAt <= Math.floor(nowMs / 1000) - CLOCK_TOLERANCE_SECONDS;

export function principalFromContext(context: Record<string, unknown> | undefined, nowMs = Date.now()): UserPrincipal {
  if (context?.authenticated !== 'true') {
    const reason = typeof context?.reason === 'string' ? context.reason : undefined;
    throw new UnauthenticatedError(reason);
  }
  // API Gateway answers from the authorizer's cached verdict for 5 minutes, whatever the token's
  // exp, so a token that expires meanwhile would go on working (#4). A verdict with no expiry
  // was cached by the authorizer before it passed one, within the 5 minutes after a deploy.
  const expiresAt = context.tokenExpiresAt === undefined ? undefined : Number(context.tokenExpiresAt);
  if (expiresAt !== undefined && (!Number.isFinite(expiresAt) || tokenHasExpired(expiresAt, nowMs)))
    throw new UnauthenticatedError(TOKEN_EXPIRED_MESSAGE);
  const name = String(context.name ?? '');
  return {
    type: 'user',
    userId: String(context.userId),
    email: String(context.email),
    emailVerified: String(context.emailVerified) === 'true',
    name: name === '' ? null : name,
  };
}
