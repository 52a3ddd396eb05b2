// Writing a workspace API key. The key and its secrets' lookup items change together: a secret
// finds a key only while it works, and a revoked key has none. Changes are conditioned on the
// version that was read; the authorizer's last_used_at stamp is not a change and leaves it alone.
import { conditions, type Expression, steps } from '../../shared/table/steps.js';
import { type ApiKeyRecord, type ApiKeySecretRecord, apiKeyCounter, apiKeyEntity, apiKeySecretEntity } from './api-key-entity.js';

const atVersion = (version: number): Expression => ({ expression: 'version = :readVersion', values: { ':readVersion': version } });

/** The lookup item of the key's current secret. */
export const secretOf = (key: ApiKeyRecord, validUntil: string | null = null): ApiKeySecretRecord & { hash: string } => ({
  hash: key.secret_hash,
  key_id: key.id,
  org_id: key.org_id,
  workspace_id: key.workspace_id,
  role: key.role,
  generation: key.secret_generation,
  key_expires_at: key.expires_at,
  valid_until: validUntil,
});

export const create = (key: ApiKeyRecord) => [
  steps.put('new_item', apiKeyEntity.item(key), { condition: conditions.isNew }),
  steps.put('new_item', apiKeySecretEntity.item(secretOf(key)), { condition: conditions.isNew }),
];

/** One more key in the workspace, if it is under the limit. */
export const counted = (orgId: string, workspaceId: string, limit: number) =>
  steps.update(
    'api_key_limit',
    apiKeyCounter.key({ org_id: orgId, workspace_id: workspaceId }),
    {
      expression: 'SET active_keys = if_not_exists(active_keys, :zero) + :one, #type = :type',
      names: { '#type': 'type' },
      values: { ':zero': 0, ':one': 1, ':type': apiKeyCounter.type },
    },
    { condition: { expression: 'attribute_not_exists(active_keys) OR active_keys < :limit', values: { ':limit': limit } } },
  );

const uncounted = (key: ApiKeyRecord) =>
  steps.update('api_key', apiKeyCounter.key(key), { expression: 'ADD active_keys :minusOne', values: { ':minusOne': -1 } });

export const rename = (current: ApiKeyRecord, next: ApiKeyRecord) =>
  steps.update(
    'api_key',
    apiKeyEntity.key(current),
    {
      expression: 'SET #name = :name, updated_at = :updatedAt, version = :nextVersion',
      names: { '#name': 'name' },
      values: { ':name': next.name, ':updatedAt': next.updated_at, ':nextVersion': next.version },
    },
    { condition: atVersion(current.version) },
  );

const dropPrevious = (current: ApiKeyRecord) =>
  current.previous_secret_hash ? [steps.delete('api_key', apiKeySecretEntity.key({ hash: current.previous_secret_hash }))] : [];

/** Kept, so the list and the audit log can still name it; its secrets stop finding it. */
export const revoke = (current: ApiKeyRecord, next: ApiKeyRecord) => [
  steps.update(
    'api_key',
    apiKeyEntity.key(current),
    {
      expression:
        'SET revoked_at = :revokedAt, updated_at = :updatedAt, version = :nextVersion REMOVE previous_secret_hash, previous_secret_valid_until',
      values: { ':revokedAt': next.revoked_at, ':updatedAt': next.updated_at, ':nextVersion': next.version },
    },
    { condition: atVersion(current.version) },
  ),
  steps.delete('api_key', apiKeySecretEntity.key({ hash: current.secret_hash })),
  ...dropPrevious(current),
  uncounted(current),
];

const ROTATED_FIELDS =
  'secret_hash = :hash, prefix = :prefix, last4 = :last4, secret_generation = :generation, updated_at = :updatedAt, version = :nextVersion';

/**
 * A new current secret. The one it replaces works on until `next.previous_secret_valid_until`
 * (or stops now, with no grace period); one replaced by an earlier rotation stops now.
 */
export const rotate = (current: ApiKeyRecord, next: ApiKeyRecord) => {
  const graceUntil = next.previous_secret_valid_until;
  return [
    // An update, not a put: a last_used_at the authorizer wrote since the read is kept.
    steps.update(
      'api_key',
      apiKeyEntity.key(current),
      {
        expression: graceUntil
          ? `SET ${ROTATED_FIELDS}, previous_secret_hash = :previous, previous_secret_valid_until = :graceUntil`
          : `SET ${ROTATED_FIELDS} REMOVE previous_secret_hash, previous_secret_valid_until`,
        values: {
          ':hash': next.secret_hash,
          ':prefix': next.prefix,
          ':last4': next.last4,
          ':generation': next.secret_generation,
          ':updatedAt': next.updated_at,
          ':nextVersion': next.version,
          ...(graceUntil ? { ':previous': current.secret_hash, ':graceUntil': graceUntil } : {}),
        },
      },
      { condition: atVersion(current.version) },
    ),
    steps.put('new_item', apiKeySecretEntity.item(secretOf(next)), { condition: conditions.isNew }),
    graceUntil
      ? steps.put('api_key', apiKeySecretEntity.item(secretOf(current, graceUntil)))
      : steps.delete('api_key', apiKeySecretEntity.key({ hash: current.secret_hash })),
    ...dropPrevious(current),
  ];
};
