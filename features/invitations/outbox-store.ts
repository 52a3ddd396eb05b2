// The mail queue: outbox items move pending → sent (or failed, or superseded by a resend). A
// sender first takes a short lease, so two deliveries of one item (a stream retry and the retry
// pass) cannot both send; the flip to `sent` is conditioned on that lease.
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { conditionHeld } from '../../shared/table/conditional-write.js';
import { claimLease, leavingTheQueue, rescheduleUnderLease, underLease } from '../../shared/table/due-queue.js';
import { partitionQuery } from '../../shared/table/keys.js';
import { steps } from '../../shared/table/steps.js';
import { TABLE_DEFINITION } from '../../shared/table/table-definition.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { commit } from '../audit/audit-steps.js';
import { type InvitationRecord, invitationEntity } from './invitation-entity.js';
import { type OutboxRecord, outboxDueBy, outboxDueKey, outboxEntity } from './outbox-entity.js';

type EmailStatus = InvitationRecord['email_status'];

const leftTheQueue = leavingTheQueue('token');

/** Takes the lease on a pending item; undefined if it is no longer pending or another sender holds it. */
export async function claim(orgId: string, sendId: string, now: string, leaseUntil: string): Promise<OutboxRecord | undefined> {
  const attributes = await claimLease(outboxEntity.key({ org_id: orgId, id: sendId }), now, leaseUntil);
  return attributes && outboxEntity.parse(attributes);
}

const underItsLease = (outbox: OutboxRecord) => underLease(outbox.lease_until);

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
    { condition: underItsLease(outbox) },
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
    { condition: underItsLease(outbox) },
  );
  if ((await commit([failed], [event])).ok) await setEmailStatus(outbox, 'failed', now);
}

/**
 * Ends an item without sending, superseded by a newer email or a closed invitation. Queue
 * bookkeeping only: the change a person would see (the resend, the revoke) recorded its own event.
 */
export async function markSuperseded(outbox: OutboxRecord): Promise<void> {
  const lease = underItsLease(outbox);
  await conditionHeld(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: outboxEntity.key(outbox),
        UpdateExpression: `SET #status = :superseded ${leftTheQueue.remove}`,
        ConditionExpression: lease.expression,
        ExpressionAttributeNames: { ...lease.names, ...leftTheQueue.names },
        ExpressionAttributeValues: { ...lease.values, ':superseded': 'superseded' },
      }),
    ),
  );
}

/** Gives the lease back and puts the item at its next due time in the queue. */
export async function scheduleRetry(outbox: OutboxRecord, nextAttemptAt: string, error: string): Promise<void> {
  await rescheduleUnderLease(outboxEntity.key(outbox), outbox.lease_until, outboxDueKey(nextAttemptAt, outbox.id), nextAttemptAt, error);
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
