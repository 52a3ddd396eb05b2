// Whether the key a request was made with still works, decided from the key as the request's own
// read found it. API Gateway answers from the authorizer's verdict for 5 minutes; this check is
// what makes a revocation, an expiry or the end of a rotation's grace period count from the very
// next request.
import { UnauthenticatedError } from '../../shared/vocabulary/errors.js';
import type { ApiKeyPrincipal } from '../../shared/vocabulary/principal.js';
import type { ApiKeyRecord } from './api-key-entity.js';

export const KEY_REVOKED = 'This API key has been revoked. Ask an admin of the workspace for a new one.';
export const KEY_EXPIRED = 'This API key has expired. Ask an admin of the workspace for a new one.';
export const SECRET_ROTATED_OUT = "This API key's secret was replaced by a rotation and its grace period is over. Use the new secret.";

/** Which of the key's secrets are working at `now`, by generation. */
export function workingGenerations(key: ApiKeyRecord, now: number): number[] {
  const previousWorks = key.previous_secret_valid_until !== undefined && Date.parse(key.previous_secret_valid_until) > now;
  return previousWorks ? [key.secret_generation, key.secret_generation - 1] : [key.secret_generation];
}

export function requireLiveKey(key: ApiKeyRecord, principal: ApiKeyPrincipal, now = Date.now()): ApiKeyRecord {
  if (key.revoked_at !== null) throw new UnauthenticatedError(KEY_REVOKED);
  if (key.expires_at !== null && Date.parse(key.expires_at) <= now) throw new UnauthenticatedError(KEY_EXPIRED);
  if (!workingGenerations(key, now).includes(principal.secretGeneration)) throw new UnauthenticatedError(SECRET_ROTATED_OUT);
  return key;
}
