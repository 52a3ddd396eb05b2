// The authorizer's half of API keys: the checksum first (a mistyped or invented key costs no read),
// then one GetItem of the secret's lookup item, then, at most once a minute per key, the
// last_used_at stamp. The secret itself is never logged, and no message repeats it.
import { API_KEY_EXPIRED_MESSAGE } from '../../shared/auth/authorizer-context.js';
import { config } from '../../shared/config.js';
import { UnauthenticatedError } from '../../shared/vocabulary/errors.js';
import type { ApiKeyPrincipal } from '../../shared/vocabulary/principal.js';
import { secretEndsAt } from './api-key-entity.js';
import { checkApiKeySecret, hashApiKeySecret } from './api-key-secret.js';
import { findSecret, touchLastUsed } from './api-key-store.js';

const NOT_VALID =
  'The API key is not valid: it may have been revoked, or mistyped. Check the key, or ask an admin of the workspace for a new one.';

function refusedUnread(secret: string): UnauthenticatedError | undefined {
  const environment = config().apiKeyEnvironment;
  const check = checkApiKeySecret(secret, environment);
  if (check.ok) return undefined;
  switch (check.reason) {
    case 'malformed':
      return new UnauthenticatedError('The API key is malformed: send the whole key, as it was shown when it was made.');
    case 'checksum':
      return new UnauthenticatedError("The API key's checksum does not match: part of it was mistyped or cut off. Send the whole key.");
    case 'environment':
      return new UnauthenticatedError(
        `This is a "${check.environment}" API key, made by another deployment of Orgspace; this one takes "${environment}" keys.`,
      );
  }
}

export interface AuthenticatedKey {
  principal: ApiKeyPrincipal;
  /** When the presented secret stops working, if it does: handlers refuse a cached verdict after it. */
  endsAt: string | undefined;
}

export async function authenticateApiKey(secret: string, now = new Date()): Promise<AuthenticatedKey> {
  const refusal = refusedUnread(secret);
  if (refusal) throw refusal;
  const found = await findSecret(hashApiKeySecret(secret));
  if (!found) throw new UnauthenticatedError(NOT_VALID);
  const endsAt = secretEndsAt(found);
  if (endsAt !== undefined && Date.parse(endsAt) <= now.getTime()) throw new UnauthenticatedError(API_KEY_EXPIRED_MESSAGE);
  const principal: ApiKeyPrincipal = {
    type: 'api_key',
    keyId: found.key_id,
    orgId: found.org_id,
    workspaceId: found.workspace_id,
    role: found.role,
    secretGeneration: found.generation,
  };
  await touchLastUsed({ org_id: found.org_id, workspace_id: found.workspace_id, id: found.key_id }, now);
  return { principal, endsAt };
}
