// Workspace API keys for tests: made through the API (as an admin would), used as an HTTPS client
// would send them, and, where waiting days is not an option, aged in DynamoDB Local.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiKeyEntity, apiKeySecretEntity, secretEndsAt } from '../../features/api-keys/api-key-entity.js';
import { hashApiKeySecret } from '../../features/api-keys/api-key-secret.js';
import { db, tableName } from '../../shared/clients.js';
import { epochSeconds } from '../../shared/table/keys.js';
import { TABLE_DEFINITION } from '../../shared/table/table-definition.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import { type ApiResponse, call, type TestUser } from './api.js';

export interface TestKey {
  id: string;
  key: string;
  orgId: string;
  workspaceId: string;
  /** Calls the API with the key as the bearer. */
  get: <T = any>(path: string) => Promise<ApiResponse<T>>;
  post: <T = any>(path: string, body?: unknown) => Promise<ApiResponse<T>>;
}

export const keysPath = (orgId: string, workspaceId: string) => `/api/v1/orgs/${orgId}/workspaces/${workspaceId}/api-keys`;

export function asKeyHolder(key: string) {
  return {
    get: <T = any>(path: string) => call<T>('GET', path, { token: key }),
    post: <T = any>(path: string, body?: unknown) => call<T>('POST', path, { token: key, body }),
  };
}

export async function createKey(
  admin: TestUser,
  orgId: string,
  workspaceId: string,
  role: RoleKey,
  extra: { name?: string; expires_in_days?: number } = {},
): Promise<TestKey> {
  const created = await admin.api.post(keysPath(orgId, workspaceId), { name: extra.name ?? `${role} key`, role, ...extra });
  if (created.status !== 201) throw new Error(`create key: ${created.status} ${JSON.stringify(created.body)}`);
  return { id: created.body.id, key: created.body.key, orgId, workspaceId, ...asKeyHolder(created.body.key) };
}

export async function rotateKey(admin: TestUser, key: TestKey, gracePeriodHours: number): Promise<TestKey> {
  const rotated = await admin.api.post(`${keysPath(key.orgId, key.workspaceId)}/${key.id}/rotate`, {
    grace_period_hours: gracePeriodHours,
  });
  if (rotated.status !== 200) throw new Error(`rotate key: ${rotated.status} ${JSON.stringify(rotated.body)}`);
  return { ...key, key: rotated.body.key, ...asKeyHolder(rotated.body.key) };
}

export async function revokeKey(admin: TestUser, key: TestKey): Promise<void> {
  const revoked = await admin.api.delete(`${keysPath(key.orgId, key.workspaceId)}/${key.id}`);
  if (revoked.status !== 204) throw new Error(`revoke key: ${revoked.status} ${JSON.stringify(revoked.body)}`);
}

/** The same key with its last character changed: the checksum no longer matches. */
export function withBadChecksum(key: string): string {
  const last = key.at(-1)!;
  return key.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

const past = () => new Date(Date.now() - 60_000).toISOString();

async function setOn(key: { pk: string; sk: string }, attributes: Record<string, string>, withExpiry?: string) {
  const names = Object.keys(attributes);
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET ${[...names.map((_, i) => `#a${i} = :v${i}`), ...(withExpiry ? ['#ttl = :ttl'] : [])].join(', ')}`,
      ExpressionAttributeNames: {
        ...Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
        ...(withExpiry ? { '#ttl': TABLE_DEFINITION.timeToLiveAttribute } : {}),
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(names.map((name, i) => [`:v${i}`, attributes[name]!])),
        ...(withExpiry ? { ':ttl': epochSeconds(withExpiry, 1) } : {}),
      },
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
}

/** Moves a key's expiry a minute into the past, on the key and on its current secret's lookup item. */
export async function expireKey(key: TestKey): Promise<void> {
  const at = past();
  await setOn(apiKeyEntity.key({ org_id: key.orgId, workspace_id: key.workspaceId, id: key.id }), { expires_at: at });
  await setOn(
    apiKeySecretEntity.key({ hash: hashApiKeySecret(key.key) }),
    { key_expires_at: at },
    secretEndsAt({ key_expires_at: at, valid_until: null }),
  );
}

/** Ends the grace period of the secret a rotation replaced (`previous`), a minute ago. */
export async function endGracePeriod(key: TestKey, previous: string): Promise<void> {
  const at = past();
  await setOn(apiKeyEntity.key({ org_id: key.orgId, workspace_id: key.workspaceId, id: key.id }), { previous_secret_valid_until: at });
  await setOn(apiKeySecretEntity.key({ hash: hashApiKeySecret(previous) }), { valid_until: at }, at);
}
