// The reads and transactions behind the webhook routes. Every read fetches the caller's membership
// with what it asks for; every write re-checks the caller's role in its transaction, with the
// change's audit event.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { batchGet } from '../../shared/table/batch-get.js';
import { type PrefixRange, partitionQuery, startAfter } from '../../shared/table/keys.js';
import { queryRange, toRangePage } from '../../shared/table/query-page.js';
import type { ConditionFailure } from '../../shared/table/transact.js';
import type { RoleKey } from '../../shared/vocabulary/policy.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { commitOrThrow } from '../audit/audit-steps.js';
import { memberEntity } from '../members/member-entity.js';
import * as memberSteps from '../members/member-steps.js';
import * as orgSteps from '../organizations/org-steps.js';
import { type DeliveryRecord, deliveryEntity, deliveryRanges } from './webhook-delivery-entity.js';
import * as deliverySteps from './webhook-delivery-steps.js';
import { type WebhookRecord, webhookEntity, webhookRanges } from './webhook-entity.js';
import * as webhookSteps from './webhook-steps.js';

const memberKey = (orgId: string, userId: string) => memberEntity.key({ org_id: orgId, user_id: userId });

/** The caller's membership and the endpoint, in one BatchGetItem. */
export async function getWebhookAndMembership(orgId: string, webhookId: string, userId: string) {
  const webhookKey = webhookEntity.key({ org_id: orgId, id: webhookId });
  const found = await batchGet([memberKey(orgId, userId), webhookKey]);
  return {
    member: memberEntity.parseOptional(found.get(memberKey(orgId, userId))),
    webhook: webhookEntity.parseOptional(found.get(webhookKey)),
  };
}

/** The caller's membership, the endpoint and one of its deliveries, in one BatchGetItem. */
export async function getDeliveryAndMembership(orgId: string, webhookId: string, deliveryId: string, userId: string) {
  const webhookKey = webhookEntity.key({ org_id: orgId, id: webhookId });
  const deliveryKey = deliveryEntity.key({ org_id: orgId, webhook_id: webhookId, id: deliveryId });
  const found = await batchGet([memberKey(orgId, userId), webhookKey, deliveryKey]);
  return {
    member: memberEntity.parseOptional(found.get(memberKey(orgId, userId))),
    webhook: webhookEntity.parseOptional(found.get(webhookKey)),
    delivery: deliveryEntity.parseOptional(found.get(deliveryKey)),
  };
}

/** The caller's membership and a page of the org's endpoints, in parallel. */
export async function listWebhooksWithMembership(orgId: string, userId: string, limit: number, afterWebhookId?: string) {
  const range = webhookRanges.webhooksOfOrg(orgId);
  const [membership, result] = await Promise.all([
    db.send(new GetCommand({ TableName: tableName, Key: memberKey(orgId, userId), ConsistentRead: true })),
    queryRange(range, limit, afterWebhookId),
  ]);
  const page = toRangePage(
    result,
    range,
    limit,
    (item) => webhookEntity.parse(item),
    (webhook) => webhook.id,
  );
  return { member: memberEntity.parseOptional(membership.Item), webhooks: page.items, lastWebhookId: page.lastId };
}

/** One page of a key range, newest first (the sort keys end in time-ordered ids). */
function queryNewestFirst(range: PrefixRange, limit: number, afterId?: string) {
  return db.send(
    new QueryCommand({
      TableName: tableName,
      ...partitionQuery(range),
      ScanIndexForward: false,
      Limit: limit + 1,
      ConsistentRead: true,
      ...(afterId ? { ExclusiveStartKey: startAfter(range, afterId) } : {}),
    }),
  );
}

/** The caller's membership with the endpoint, and a page of its deliveries (newest first), in parallel. */
export async function listDeliveriesWithContext(orgId: string, webhookId: string, userId: string, limit: number, afterDeliveryId?: string) {
  const range = deliveryRanges.deliveriesOfWebhook(orgId, webhookId);
  const [context, result] = await Promise.all([
    getWebhookAndMembership(orgId, webhookId, userId),
    queryNewestFirst(range, limit, afterDeliveryId),
  ]);
  const page = toRangePage(
    result,
    range,
    limit,
    (item) => deliveryEntity.parse(item),
    (delivery) => delivery.id,
  );
  return { ...context, deliveries: page.items, lastDeliveryId: page.lastId };
}

export type CreateFailure = 'actor' | 'new_item' | 'webhook_limit';

/** Registers an endpoint if the caller still holds one of `roles` and the org is under its limit. */
export async function createWebhook(
  webhook: WebhookRecord,
  roles: RoleKey[],
  limit: number,
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<CreateFailure>) => Error,
): Promise<void> {
  await commitOrThrow(
    [
      memberSteps.actorHolds(webhook.org_id, webhook.created_by, roles),
      webhookSteps.create(webhook),
      orgSteps.webhookAdded(webhook.org_id, limit),
    ],
    events,
    explain,
  );
}

export type ChangeFailure = 'actor' | 'webhook';

/** Writes an admin's change over the version that was read. */
export async function replaceWebhook(
  current: WebhookRecord,
  next: WebhookRecord,
  userId: string,
  roles: RoleKey[],
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<ChangeFailure>) => Error,
): Promise<void> {
  await commitOrThrow([memberSteps.actorHolds(current.org_id, userId, roles), webhookSteps.replace(current, next)], events, explain);
}

export async function rotateSecret(
  current: WebhookRecord,
  secret: string,
  previousExpiresAt: string,
  updatedAt: string,
  userId: string,
  roles: RoleKey[],
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<ChangeFailure>) => Error,
): Promise<void> {
  await commitOrThrow(
    [memberSteps.actorHolds(current.org_id, userId, roles), webhookSteps.rotateSecret(current, secret, previousExpiresAt, updatedAt)],
    events,
    explain,
  );
}

export type DeleteFailure = 'actor' | 'webhook' | 'org';

/** Deletes the endpoint as it was read and gives its place under the limit back. Its deliveries expire with their TTL. */
export async function deleteWebhook(
  current: WebhookRecord,
  userId: string,
  roles: RoleKey[],
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<DeleteFailure>) => Error,
): Promise<void> {
  await commitOrThrow(
    [memberSteps.actorHolds(current.org_id, userId, roles), webhookSteps.remove(current), orgSteps.webhookRemoved(current.org_id)],
    events,
    explain,
  );
}

export type ReplayFailure = 'actor' | 'webhook' | 'delivery';

/** Makes a delivery due now, if the endpoint is still enabled and no attempt is under way. */
export async function replayDelivery(
  current: DeliveryRecord,
  now: string,
  userId: string,
  roles: RoleKey[],
  events: AuditEventRecord[],
  explain: (failure: ConditionFailure<ReplayFailure>) => Error,
): Promise<void> {
  await commitOrThrow(
    [
      memberSteps.actorHolds(current.org_id, userId, roles),
      webhookSteps.isEnabled(current.org_id, current.webhook_id),
      deliverySteps.replayNow(current, now),
    ],
    events,
    explain,
  );
}
