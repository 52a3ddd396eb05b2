// Verifies an OIDC bearer token (an ID token: it carries email and name) against the issuer's JWKS.
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { authConfig } from '../config.js';
import { cleanDisplayName } from '../vocabulary/display-name.js';
import { normalizeEmail } from '../vocabulary/email-address.js';
import { UnauthenticatedError } from '../vocabulary/errors.js';
import { userIdFor } from '../vocabulary/ids.js';
import type { UserPrincipal } from '../vocabulary/principal.js';
import { CLOCK_TOLERANCE_SECONDS, TOKEN_EXPIRED_MESSAGE } from './authorizer-context.js';

const { issuer, audiences, jwksUrl } = authConfig();
// Fetched on first use and cached by jose, which also refetches when it sees an unknown key id.
// Made on first use too: it builds a `Headers`, and the first touch of fetch's globals loads Node's
// fetch implementation (undici), about a third of the authorizer's cold init, which a request
// with an API key never needs.
let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
const issuerKeys = () => (jwks ??= createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 3_000 }));

const BEARER = /^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)\s*$/i;

export function bearerToken(header: string | undefined): string {
  const match = header ? BEARER.exec(header) : null;
  if (!match?.[1]) throw new UnauthenticatedError('Send the token as "Authorization: Bearer <token>".');
  return match[1];
}

export interface VerifiedToken {
  principal: UserPrincipal;
  /** Its `exp`, in seconds since the epoch: handlers check it again, as verdicts are cached. */
  expiresAt: number;
}

export async function verifyBearerToken(header: string | undefined): Promise<VerifiedToken> {
  const token = bearerToken(header);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, issuerKeys(), {
      issuer,
      ...(audiences === 'any' ? {} : { audience: audiences }),
      algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new UnauthenticatedError(TOKEN_EXPIRED_MESSAGE);
    if (error instanceof errors.JOSEError) throw new UnauthenticatedError('The bearer token is not valid for this API.');
    throw error;
  }
  // Not toLowerCase(): full Unicode lower-casing turns a Kelvin sign into `k`, another mailbox into the invited one.
  const email = typeof payload.email === 'string' ? normalizeEmail(payload.email) : '';
  if (!email) throw new UnauthenticatedError('The bearer token has no email claim. Use an ID token that includes the email scope.');
  const principal: UserPrincipal = {
    type: 'user',
    userId: userIdFor(issuer, payload.sub!),
    email,
    emailVerified: payload.email_verified === true || payload.email_verified === 'true',
    // The name lands in org, workspace and member names, so it keeps the rules the API holds them to (#7).
    name: typeof payload.name === 'string' ? cleanDisplayName(payload.name) : null,
  };
  return { principal, expiresAt: payload.exp! };
}
