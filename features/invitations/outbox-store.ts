// The mail queue: outbox items move pending → sent (or failed, or superseded by a resend). A
// sender first takes a short lease, so two deliveries of one item (a stream retry and the retry
// pass) cannot both send; the flip to `sent` is conditioned on that lease.
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { conditionHeld, unlessConditionFails } from '../../shared/table/conditional-write.js';
import { PERSON_INDEX_ATTRIBUTES, partitionQuery } from '../../shared/table/keys.js';
import { steps } from '../../shared/table/steps.js';
import { TABLE_DEFINITION } from '../../shared/table/table-definition.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { commit } from '../audit/audit-steps.js';
import { type InvitationRecord, invitationEntity } from './invitation-entity.js';
import { type OutboxRecord, outboxDueBy, outboxDueKey, outboxEntity } from './outbox-entity.js';

type EmailStatus = InvitationRecord['email_status'];

const leftTheQueue = {
  remove: `REMOVE #token, lease_until, ${PERSON_INDEX_ATTRIBUTES.map((_, i) => `#index${i}`).join(', ')}`,
  names: { '#token': 'token', ...Object.fromEntries(PERSON_INDEX_ATTRIBUTES.map((name, i) => [`#index${i}`, name])) },
};

/** Takes the lease on a pending item; undefined if it is no longer pending or another sender holds it. */
export async function claim(orgId: string, sendId: string, now: string, leaseUntil: string): Promise<OutboxRecord | undefined> {
  const result = await unlessConditionFails(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: outboxEntity.key({ org_id: orgId, id: sendId }),
        UpdateExpression: 'SET lease_until = :lease, attempts = attempts + :one',
        ConditionExpression: '#status = :pending AND (attribute_not_exists(lease_until) OR lease_until < :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':lease': leaseUntil, ':one': 1, ':pending': 'pending', ':now': now },
        ReturnValues: 'ALL_NEW',
      }),
    ),
  );
  return result && outboxEntity.parse(result.Attributes ?? {});
}

const underLease = (outbox: OutboxRecord) => ({
  expression: '#status = :pending AND lease_until = :lease',
  names: { '#status': 'status' },
  values: { ':pending': 'pending', ':lease': outbox.lease_until },
});

/** Records SES's acceptance under the lease, with its event: the item leaves the queue and forgets the token. */
export async function markSent(outbox: OutboxRecord, messageId: string, now: string, event: AuditEventRecord): Promise<boolean> {
  const sent = steps.update(
    'lease',
    outboxEntity.key(outbox),
    {
      expression: `SET #status = :sent, ses_message_id = :messageId, sent_at = :now ${leftTheQueue.remove}`,
      names: leftTheQueue.names,
      values: { ':sent': 'sent', ':messageId': messageId, ':now': now },
    },
    { condition: underLease(outbox) },
  );
  const flipped = (await commit([sent], [event])).ok;
  if (flipped) await setEmailStatus(outbox, 'sent', now);
  return flipped;
}

/** Ends an item as failed for good, with its event; the invitation shows it. */
export async function markFailed(outbox: OutboxRecord, error: string, now: string, event: AuditEventRecord): Promise<void> {
  const failed = steps.update(
    'lease',
    outboxEntity.key(outbox),
    {
      expression: `SET #status = :failed, last_error = :error ${leftTheQueue.remove}`,
      names: leftTheQueue.names,
      values: { ':failed': 'failed', ':error': error },
    },
    { condition: underLease(outbox) },
  );
  if ((await commit([failed], [event])).ok) await setEmailStatus(outbox, 'failed', now);
}

/**
 * Ends an item without sending, superseded by a newer email or a closed invitation. Queue
 * bookkeeping only: the change a person would see (the resend, the revoke) recorded its own event.
 */
export async function markSuperseded(outbox: OutboxRecord): Promise<void> {
  await conditionHeld(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: outboxEntity.key(outbox),
        UpdateExpression: `SET #status = :superseded ${leftTheQueue.remove}`,
        ConditionExpression: '#status = :pending AND lease_until = :lease',
        ExpressionAttributeNames: { '#status': 'status', ...leftTheQueue.names },
        ExpressionAttributeValues: { ':superseded': 'superseded', ':pending': 'pending', ':lease': outbox.lease_until },
      }),
    ),
  );
}

/** Gives the lease back and puts the item at its next due time in the queue. */
export async function scheduleRetry(outbox: OutboxRecord, nextAttemptAt: string, error: string): Promise<void> {
  const due = outboxDueKey(nextAttemptAt, outbox.id);
  const [partitionName, sortName] = PERSON_INDEX_ATTRIBUTES;
  await conditionHeld(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: outboxEntity.key(outbox),
        UpdateExpression:
          'SET next_attempt_at = :next, #duePartition = :duePartition, #dueSort = :dueSort, last_error = :error REMOVE lease_until',
        ConditionExpression: '#status = :pending AND lease_until = :lease',
        ExpressionAttributeNames: { '#status': 'status', '#duePartition': partitionName, '#dueSort': sortName },
        ExpressionAttributeValues: {
          ':next': nextAttemptAt,
          ':duePartition': due.gsi1pk,
          ':dueSort': due.gsi1sk,
          ':error': error,
          ':pending': 'pending',
          ':lease': outbox.lease_until,
        },
      }),
    ),
  );
}

/** The invitation shows how its latest email fared; an older email's outcome does not overwrite it. */
async function setEmailStatus(outbox: OutboxRecord, status: EmailStatus, now: string): Promise<void> {
  await conditionHeld(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: invitationEntity.key({ org_id: outbox.org_id, id: outbox.invitation_id }),
        UpdateExpression: 'SET email_status = :status, updated_at = :now',
        ConditionExpression: 'send_id = :sendId',
        ExpressionAttributeValues: { ':status': status, ':now': now, ':sendId': outbox.id },
      }),
    ),
  );
}

/** Unsent items due by `now`, oldest first (the index is eventually consistent; claim re-checks each). */
export async function listDue(now: string, limit: number): Promise<Array<Pick<OutboxRecord, 'org_id' | 'id'>>> {
  const index = TABLE_DEFINITION.indexes.byPerson;
  const result = await db.send(
    new QueryCommand({ TableName: tableName, IndexName: index.indexName, ...partitionQuery(outboxDueBy(now), index), Limit: limit }),
  );
  return (result.Items ?? []).map((item) => outboxEntity.parse(item)).map(({ org_id, id }) => ({ org_id, id }));
}
