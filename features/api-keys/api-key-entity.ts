// A workspace API key, in three items. The key itself lives in its org's partition under its
// workspace, so a request made with it reads it in the same round trip as what it asks for, and a
// workspace's keys are one Query. Each of its working secrets has a lookup item of its own, keyed
// by the secret's SHA-256: that is all the authorizer reads. A counter per workspace holds the
// number of keys not revoked, checked in the transaction that adds one.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';
import { ROLE_KEYS } from '../../shared/vocabulary/policy.js';

const apiKeyRecord = shape.object({
  id: shape.string,
  org_id: shape.string,
  workspace_id: shape.string,
  name: shape.string,
  role: shape.oneOf(ROLE_KEYS),
  /** `osk_live_AbCd` and the last four characters: enough to recognise a key, never enough to use it. */
  prefix: shape.string,
  last4: shape.string,
  created_by: shape.string,
  created_at: shape.string,
  updated_at: shape.string,
  expires_at: shape.nullable(shape.string),
  /** Written by the authorizer, at most once a minute; a revoked key keeps its last one. */
  last_used_at: shape.nullable(shape.string),
  revoked_at: shape.nullable(shape.string),
  /** Counts the secrets the key has had: 1 when made, one more with each rotation. */
  secret_generation: shape.number,
  secret_hash: shape.string,
  /** The secret the last rotation replaced, while it works on beside the new one. */
  previous_secret_hash: shape.optional(shape.string),
  previous_secret_valid_until: shape.optional(shape.string),
  /** Moved on by every change; changes are conditioned on the version they read. last_used_at leaves it alone. */
  version: shape.number,
});

export type ApiKeyRecord = Stored<typeof apiKeyRecord>;

/** `osk_live_AbCd...wXyZ`: how a key is named wherever it is shown again. */
export const keyDisplay = (key: Pick<ApiKeyRecord, 'prefix' | 'last4'>): string => `${key.prefix}...${key.last4}`;

export const apiKeyEntity = defineEntity({
  type: 'api_key',
  shape: apiKeyRecord,
  key: (key: Pick<ApiKeyRecord, 'org_id' | 'workspace_id' | 'id'>) => ({
    pk: orgPartition(key.org_id),
    sk: `${PREFIXES.apiKey}${key.workspace_id}#${key.id}`,
  }),
});

const apiKeySecretRecord = shape.object({
  key_id: shape.string,
  org_id: shape.string,
  workspace_id: shape.string,
  role: shape.oneOf(ROLE_KEYS),
  generation: shape.number,
  /** The key's own expiry, and (for a rotated-out secret) the end of its grace period: the earlier one ends it. */
  key_expires_at: shape.nullable(shape.string),
  valid_until: shape.nullable(shape.string),
});

export type ApiKeySecretRecord = Stored<typeof apiKeySecretRecord>;

/** The moment a secret stops working, if it ever does. */
export function secretEndsAt(secret: Pick<ApiKeySecretRecord, 'key_expires_at' | 'valid_until'>): string | undefined {
  const ends = [secret.key_expires_at, secret.valid_until].filter((at): at is string => at !== null);
  return ends.sort()[0];
}

export const apiKeySecretEntity = defineEntity({
  type: 'api_key_secret',
  shape: apiKeySecretRecord,
  key: (secret: { hash: string }) => ({ pk: PREFIXES.apiKeySecret + secret.hash, sk: 'APIKEY' }),
  // Kept a day past its end, so the authorizer can still say "expired" rather than "unknown".
  expiresAt: (secret) => {
    const at = secretEndsAt(secret);
    return at ? { at, plusDays: 1 } : undefined;
  },
});

export const apiKeyCounter = defineEntity({
  type: 'api_key_count',
  shape: shape.object({ active_keys: shape.number }),
  key: (counter: { org_id: string; workspace_id: string }) => ({
    pk: orgPartition(counter.org_id),
    sk: PREFIXES.apiKeyCount + counter.workspace_id,
  }),
});

export const apiKeyRanges = {
  keysOfWorkspace: (orgId: string, workspaceId: string) => ({
    partition: orgPartition(orgId),
    prefix: `${PREFIXES.apiKey}${workspaceId}#`,
  }),
};
