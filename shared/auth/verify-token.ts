// Verifies an OIDC bearer token (an ID token: it carries email and name) against the issuer's JWKS.
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { authConfig } from '../config.js';
import { normalizeEmail } from '../vocabulary/email-address.js';
import { UnauthenticatedError } from '../vocabulary/errors.js';
import { userIdFor } from '../vocabulary/ids.js';
import type { UserPrincipal } from '../vocabulary/principal.js';

const { issuer, audiences, jwksUrl } = authConfig();
// Fetched on first use and cached by jose, which also refetches when it sees an unknown key id.
const jwks = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 3_000 });

const BEARER = /^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)\s*$/i;

export function bearerToken(header: string | undefined): string {
  const match = header ? BEARER.exec(header) : null;
  if (!match?.[1]) throw new UnauthenticatedError('Send the token as "Authorization: Bearer <token>".');
  return match[1];
}

export async function verifyBearerToken(header: string | undefined): Promise<UserPrincipal> {
  const token = bearerToken(header);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, jwks, {
      issuer,
      ...(audiences === 'any' ? {} : { audience: audiences }),
      algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
      clockTolerance: 5,
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new UnauthenticatedError('The bearer token has expired. Sign in again for a fresh one.');
    if (error instanceof errors.JOSEError) throw new UnauthenticatedError('The bearer token is not valid for this API.');
    throw error;
  }
  // Not toLowerCase(): full Unicode lower-casing turns a Kelvin sign into `k`, another mailbox into the invited one.
  const email = typeof payload.email === 'string' ? normalizeEmail(payload.email) : '';
  if (!email) throw new UnauthenticatedError('The bearer token has no email claim. Use an ID token that includes the email scope.');
  return {
    type: 'user',
    userId: userIdFor(issuer, payload.sub!),
    email,
    emailVerified: payload.email_verified === true || payload.email_verified === 'true',
    name: typeof payload.name === 'string' && payload.name.trim() !== '' ? payload.name.trim().slice(0, 200) : null,
  };
}
