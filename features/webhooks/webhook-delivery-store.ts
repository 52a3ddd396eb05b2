// The delivery queue: deliveries move pending → succeeded (or failed). A sender first takes a
// short lease (as the invitation outbox does), so a replayed stream record, the retry pass and an
// admin's replay never attempt one delivery at the same time; every outcome is written under that
// lease. Queue bookkeeping is not an audit event (an event per attempt would itself be delivered);
// what changes an endpoint (the sender disabling it) is, and goes through `commit`.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type QueryCommandOutput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { conditionHeld, unlessConditionFails } from '../../shared/table/conditional-write.js';
import { PERSON_INDEX_ATTRIBUTES, partitionQuery } from '../../shared/table/keys.js';
import { conditions } from '../../shared/table/steps.js';
import { TABLE_DEFINITION } from '../../shared/table/table-definition.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { commit } from '../audit/audit-steps.js';
import { adminAddresses } from '../members/admin-addresses.js';
import { orgEntity } from '../organizations/org-entity.js';
import { type DeliveryRecord, deliveriesDueBy, deliveryDueKey, deliveryEntity } from './webhook-delivery-entity.js';
import { type DisabledReason, type WebhookRecord, webhookEntity, webhookRanges } from './webhook-entity.js';
import type { AttemptResult } from './webhook-request.js';
import * as webhookSteps from './webhook-steps.js';

export type DeliveryKey = Pick<DeliveryRecord, 'org_id' | 'webhook_id' | 'id'>;

const [DUE_PARTITION, DUE_SORT] = PERSON_INDEX_ATTRIBUTES;

/** Every endpoint of an org (at most the limit: one page in practice). */
export async function endpointsOf(orgId: string): Promise<WebhookRecord[]> {
  const range = webhookRanges.webhooksOfOrg(orgId);
  const endpoints: WebhookRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await db.send(
      new QueryCommand({ TableName: tableName, ...partitionQuery(range), ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    endpoints.push(...(page.Items ?? []).map((item) => webhookEntity.parse(item)));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return endpoints;
}

/** Writes a new delivery; false when it exists already (the same stream record, delivered again). */
export function queue(delivery: DeliveryRecord): Promise<boolean> {
  return conditionHeld(
    db.send(
      new PutCommand({
        TableName: tableName,
        Item: deliveryEntity.item(delivery),
        ConditionExpression: conditions.isNew.expression,
        ExpressionAttributeNames: conditions.isNew.names,
      }),
    ),
  );
}

/** Takes the lease on a delivery that is pending and due; undefined if it is not, or another sender holds it. */
export async function claim(key: DeliveryKey, now: string, leaseUntil: string): Promise<DeliveryRecord | undefined> {
  const result = await unlessConditionFails(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: deliveryEntity.key(key),
        UpdateExpression: 'SET lease_until = :lease, attempts = attempts + :one, last_attempt_at = :now',
        ConditionExpression: '#status = :pending AND next_attempt_at <= :now AND (attribute_not_exists(lease_until) OR lease_until < :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':lease': leaseUntil, ':one': 1, ':pending': 'pending', ':now': now },
        ReturnValues: 'ALL_NEW',
      }),
    ),
  );
  return result && deliveryEntity.parse(result.Attributes ?? {});
}

const underLease = (leased: DeliveryRecord) => ({
  ConditionExpression: '#status = :pending AND lease_until = :lease',
  values: { ':pending': 'pending', ':lease': leased.lease_until },
});

const attemptValues = (result: AttemptResult) => ({
  ':code': result.status,
  ':duration': result.durationMs,
  ':error': result.error,
});

/** Ends a delivery (succeeded, or failed for good) under the lease: it leaves the due queue. */
export function end(leased: DeliveryRecord, status: 'succeeded' | 'failed', result: AttemptResult): Promise<boolean> {
  const lease = underLease(leased);
  return conditionHeld(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: deliveryEntity.key(leased),
        UpdateExpression:
          'SET #status = :status, next_attempt_at = :none, last_response_code = :code, last_duration_ms = :duration, last_error = :error REMOVE lease_until, replay, #duePartition, #dueSort',
        ConditionExpression: lease.ConditionExpression,
        ExpressionAttributeNames: { '#status': 'status', '#duePartition': DUE_PARTITION, '#dueSort': DUE_SORT },
        ExpressionAttributeValues: { ':status': status, ':none': null, ...attemptValues(result), ...lease.values },
      }),
    ),
  );
}

/** Gives the lease back with the delivery due again at `nextAttemptAt`, in its place in the queue. */
export function scheduleRetry(leased: DeliveryRecord, nextAttemptAt: string, result: AttemptResult): Promise<boolean> {
  const due = deliveryDueKey(nextAttemptAt, leased.id);
  const lease = underLease(leased);
  return conditionHeld(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: deliveryEntity.key(leased),
        UpdateExpression:
          'SET next_attempt_at = :next, #duePartition = :duePartition, #dueSort = :dueSort, last_response_code = :code, last_duration_ms = :duration, last_error = :error REMOVE lease_until',
        ConditionExpression: lease.ConditionExpression,
        ExpressionAttributeNames: { '#status': 'status', '#duePartition': DUE_PARTITION, '#dueSort': DUE_SORT },
        ExpressionAttributeValues: {
          ':next': nextAttemptAt,
          ':duePartition': due.gsi1pk,
          ':dueSort': due.gsi1sk,
          ...attemptValues(result),
          ...lease.values,
        },
      }),
    ),
  );
}

export async function getEndpoint(orgId: string, webhookId: string): Promise<WebhookRecord | undefined> {
  const result = await db.send(
    new GetCommand({ TableName: tableName, Key: webhookEntity.key({ org_id: orgId, id: webhookId }), ConsistentRead: true }),
  );
  return webhookEntity.parseOptional(result.Item);
}

/** When the endpoint started failing: `now`, unless it was failing already (then no write). */
export async function noteFailure(webhook: WebhookRecord, now: string): Promise<string> {
  if (webhook.failing_since) return webhook.failing_since;
  try {
    const result = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: webhookEntity.key(webhook),
        UpdateExpression: 'SET failing_since = if_not_exists(failing_since, :now)',
        ConditionExpression: conditions.exists.expression,
        ExpressionAttributeNames: conditions.exists.names,
        ExpressionAttributeValues: { ':now': now },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return String(result.Attributes?.failing_since ?? now);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return now; // deleted meanwhile: nothing to disable
    throw error;
  }
}

/** A success ends a failing streak (no write when there was none). */
export async function noteSuccess(webhook: WebhookRecord): Promise<void> {
  if (!webhook.failing_since) return;
  await conditionHeld(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: webhookEntity.key(webhook),
        UpdateExpression: 'REMOVE failing_since',
        ConditionExpression: conditions.exists.expression,
        ExpressionAttributeNames: conditions.exists.names,
      }),
    ),
  );
}

/** Turns the endpoint off with its event; false if it was off (or gone) already, so only one sender reports it. */
export async function disable(webhook: WebhookRecord, reason: DisabledReason, now: string, event: AuditEventRecord): Promise<boolean> {
  return (await commit([webhookSteps.disable(webhook, reason, now)], [event])).ok;
}

/** The org's name and its admins' addresses, for the email saying an endpoint was turned off. */
export async function orgAndAdmins(orgId: string): Promise<{ orgName: string; admins: string[] }> {
  const org = orgEntity.parseOptional(
    (await db.send(new GetCommand({ TableName: tableName, Key: orgEntity.key({ id: orgId }), ConsistentRead: true }))).Item,
  );
  const admins = await adminAddresses(orgId, null);
  return { orgName: org?.name ?? orgId, admins };
}

/** Deliveries due by `now`, oldest first (the index is eventually consistent; claim re-checks each). */
export async function listDue(now: string, limit: number): Promise<DeliveryKey[]> {
  const index = TABLE_DEFINITION.indexes.byPerson;
  const result = await db.send(
    new QueryCommand({ TableName: tableName, IndexName: index.indexName, ...partitionQuery(deliveriesDueBy(now), index), Limit: limit }),
  );
  return (result.Items ?? []).map((item) => deliveryEntity.parse(item)).map(({ org_id, webhook_id, id }) => ({ org_id, webhook_id, id }));
}
