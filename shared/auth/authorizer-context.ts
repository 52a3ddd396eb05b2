// The authorizer's verdict travels to handlers in the request context; this module is both ends
// of that contract, so the authorizer and the handlers cannot drift apart.
import { UnauthenticatedError } from '../vocabulary/errors.js';
import { ROLE_KEYS, type RoleKey } from '../vocabulary/policy.js';
import type { ApiKeyPrincipal, PersonOrKey, UserPrincipal } from '../vocabulary/principal.js';

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
  | {
      authenticated: 'true';
      principalType: 'api_key';
      keyId: string;
      orgId: string;
      workspaceId: string;
      role: RoleKey;
      secretGeneration: string;
      /** When the presented secret stops working (ISO), or '' if it does not expire. */
      secretEndsAt: string;
    }
  | { authenticated: 'false'; reason: string };

export const API_KEY_EXPIRED_MESSAGE = 'This API key has expired, or its secret was replaced by a rotation whose grace period is over.';

export function apiKeyAuthorizerContext(principal: ApiKeyPrincipal, secretEndsAt: string | undefined): AuthorizerContext {
  return {
    authenticated: 'true',
    principalType: 'api_key',
    keyId: principal.keyId,
    orgId: principal.orgId,
    workspaceId: principal.workspaceId,
    role: principal.role,
    secretGeneration: String(principal.secretGeneration),
    secretEndsAt: secretEndsAt ?? '',
  };
}

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

function apiKeyFromContext(context: Record<string, unknown>, nowMs: number): ApiKeyPrincipal {
  const endsAt = String(context.secretEndsAt ?? '');
  // The handler re-checks the key itself where it may act; an expiry needs no read to be seen.
  if (endsAt !== '' && !(Date.parse(endsAt) > nowMs)) throw new UnauthenticatedError(API_KEY_EXPIRED_MESSAGE);
  const role = String(context.role) as RoleKey;
  const secretGeneration = Number(context.secretGeneration);
  if (!ROLE_KEYS.includes(role) || !Number.isInteger(secretGeneration)) throw new UnauthenticatedError();
  return {
    type: 'api_key',
    keyId: String(context.keyId),
    orgId: String(context.orgId),
    workspaceId: String(context.workspaceId),
    role,
    secretGeneration,
  };
}

export function principalFromContext(context: Record<string, unknown> | undefined, nowMs = Date.now()): PersonOrKey {
  if (context?.authenticated !== 'true') {
    const reason = typeof context?.reason === 'string' ? context.reason : undefined;
    throw new UnauthenticatedError(reason);
  }
  if (context.principalType === 'api_key') return apiKeyFromContext(context, nowMs);
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
