// The reads and transactions behind the API key routes, and the authorizer's two requests. Every
// read fetches the caller's membership with what it asks for; every write re-checks the caller's
// role in its transaction, with the change's audit event.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { batchGet } from '../../shared/table/batch-get.js';
import { unlessConditionFails } from '../../shared/table/conditional-write.js';
import { eachInRange, queryRange, toRangePage } from '../../shared/table/query-page.js';
import type { ConditionFailure } from '../../shared/table/transact.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import type { Principal } from '../../shared/vocabulary/principal.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { commit, commitOrThrow } from '../audit/audit-steps.js';
import { memberEntity } from '../members/member-entity.js';
import * as memberSteps from '../members/member-steps.js';
import { workspaceEntity } from '../workspaces/workspace-entity.js';
import * as workspaceSteps from '../workspaces/workspace-steps.js';
import { type ApiKeyRecord, apiKeyEntity, apiKeyRanges, apiKeySecretEntity } from './api-key-entity.js';
import { revocation } from './api-key-revocation.js';
import * as apiKeySteps from './api-key-steps.js';

const memberKey = (orgId: string, userId: string) => memberEntity.key({ org_id: orgId, user_id: userId });

/** What the authorizer reads: the key a secret belongs to, while the secret works. */
export async function findSecret(hash: string) {
  const result = await db.send(new GetCommand({ TableName: tableName, Key: apiKeySecretEntity.key({ hash }), ConsistentRead: true }));
  return apiKeySecretEntity.parseOptional(result.Item);
}

/**
 * Stamps the key as used, unless it was stamped in the last minute: the condition keeps a busy key
 * from writing on every cache miss of the authorizer, and a revoked key is left as it was.
 */
export async function touchLastUsed(key: Pick<ApiKeyRecord, 'org_id' | 'workspace_id' | 'id'>, now: Date): Promise<void> {
  await unlessConditionFails(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: apiKeyEntity.key(key),
        UpdateExpression: 'SET last_used_at = :now',
        ConditionExpression:
          'attribute_exists(version) AND attribute_type(revoked_at, :null) AND (attribute_type(last_used_at, :null) OR last_used_at < :minuteAgo)',
        ExpressionAttributeValues: {
          ':now': now.toISOString(),
          ':minuteAgo': new Date(now.getTime() - 60_000).toISOString(),
          ':null': 'NULL',
        },
      }),
    ),
  );
}

/** The caller's membership and the key, in one BatchGetItem. */
export async function getKeyAndMembership(orgId: string, workspaceId: string, keyId: string, userId: string) {
  const keyKey = apiKeyEntity.key({ org_id: orgId, workspace_id: workspaceId, id: keyId });
  const found = await batchGet([memberKey(orgId, userId), keyKey]);
  return { member: memberEntity.parseOptional(found.get(memberKey(orgId, userId))), key: apiKeyEntity.parseOptional(found.get(keyKey)) };
}

/** The caller's membership with the workspace, and a page of the workspace's keys (oldest first), in parallel. */
export async function listKeysWithMembership(orgId: string, workspaceId: string, userId: string, limit: number, afterKeyId?: string) {
  const range = apiKeyRanges.keysOfWorkspace(orgId, workspaceId);
  const workspaceKey = workspaceEntity.key({ org_id: orgId, id: workspaceId });
  const [found, result] = await Promise.all([batchGet([memberKey(orgId, userId), workspaceKey]), queryRange(range, limit, afterKeyId)]);
  const page = toRangePage(
    result,
    range,
    limit,
    (item) => apiKeyEntity.parse(item),
    (key) => key.id,
  );
  return {
    member: memberEntity.parseOptional(found.get(memberKey(orgId, userId))),
    workspace: workspaceEntity.parseOptional(found.get(workspaceKey)),
    keys: page.items,
    lastKeyId: page.lastId,
  };
}

/**
 * Revokes the keys of a deleted workspace, each in a transaction with its `api_key.revoked` event
 * (by the job), and drops their secrets' lookup items, so that the authorizer stops finding them.
 * A key revoked meanwhile (a replayed record, the sweep and the consumer at once) is left to the
 * run that revoked it. The number revoked.
 */
export async function revokeWorkspaceKeys(orgId: string, workspaceId: string, job: Principal): Promise<number> {
  let revoked = 0;
  await eachInRange(
    apiKeyRanges.keysOfWorkspace(orgId, workspaceId),
    (item) => apiKeyEntity.parse(item),
    (key) => key.id,
    async (key) => {
      if (key.revoked_at !== null) return;
      const { next, event } = revocation(job, key, new Date().toISOString());
      if ((await commit(apiKeySteps.revoke(key, next), [event])).ok) revoked++;
    },
  );
  return revoked;
}

export type CreateFailure = 'actor' | 'workspace' | 'api_key_limit' | 'new_item';

/** Makes a key if the creator still holds one of `roles` there, the workspace exists and is under its limit. */
export async function createKey(
  key: ApiKeyRecord,
  roles: RoleKey[],
  limit: number,
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<CreateFailure>) => Error,
): Promise<void> {
  await commitOrThrow(
    [
      memberSteps.actorHolds(key.org_id, key.created_by, roles, key.workspace_id),
      workspaceSteps.exists('workspace', key.org_id, key.workspace_id),
      apiKeySteps.counted(key.org_id, key.workspace_id, limit),
      ...apiKeySteps.create(key),
    ],
    events,
    explain,
  );
}

export type ChangeFailure = 'actor' | 'api_key' | 'new_item';

/** A rename, revocation or rotation of the key as it was read, if the caller still holds one of `roles`. */
export async function changeKey(
  change: 'rename' | 'revoke' | 'rotate',
  current: ApiKeyRecord,
  next: ApiKeyRecord,
  actorId: string,
  roles: RoleKey[],
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<ChangeFailure>) => Error,
): Promise<void> {
  const changeSteps =
    change === 'rename'
      ? [apiKeySteps.rename(current, next)]
      : change === 'revoke'
        ? apiKeySteps.revoke(current, next)
        : apiKeySteps.rotate(current, next);
  await commitOrThrow([memberSteps.actorHolds(current.org_id, actorId, roles, current.workspace_id), ...changeSteps], events, explain);
}
