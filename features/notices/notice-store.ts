// The notices' reads and writes: the lease and the due queue (shared/table/due-queue.ts), the
// writes that end a notice (each conditioned on the lease, and each starting its 30 days of
// retention), and a group's copies.
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { conditionHeld } from '../../shared/table/conditional-write.js';
import { claimLease, leavingTheQueue, rescheduleUnderLease, underLease } from '../../shared/table/due-queue.js';
import { epochSeconds, partitionQuery } from '../../shared/table/keys.js';
import { TABLE_DEFINITION } from '../../shared/table/table-definition.js';
import { NOTICE_RETENTION_DAYS, type NoticeRecord, noticeDueKey, noticeEntity, noticesDueBy } from './notice-entity.js';

type NoticeKey = Pick<NoticeRecord, 'org_id' | 'id'>;

export async function claim(notice: NoticeKey, now: string, leaseUntil: string): Promise<NoticeRecord | undefined> {
  const attributes = await claimLease(noticeEntity.key(notice), now, leaseUntil);
  return attributes && noticeEntity.parse(attributes);
}

/** Ends a leased notice: it leaves the queue, and DynamoDB deletes it NOTICE_RETENTION_DAYS later. */
function finish(notice: NoticeRecord, status: 'sent' | 'failed' | 'expanded', now: string, set: Record<string, unknown>) {
  const left = leavingTheQueue();
  const lease = underLease(notice.lease_until);
  const fields = Object.keys(set);
  return conditionHeld(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: noticeEntity.key(notice),
        UpdateExpression: `SET #status = :status, finished_at = :now, #expires = :expires${fields.map((field) => `, ${field} = :${field}`).join('')} ${left.remove}`,
        ConditionExpression: lease.expression,
        ExpressionAttributeNames: { ...lease.names, ...left.names, '#expires': TABLE_DEFINITION.timeToLiveAttribute },
        ExpressionAttributeValues: {
          ...lease.values,
          ':status': status,
          ':now': now,
          ':expires': epochSeconds(now, NOTICE_RETENTION_DAYS),
          ...Object.fromEntries(fields.map((field) => [`:${field}`, set[field]])),
        },
      }),
    ),
  );
}

export const markSent = (notice: NoticeRecord, messageId: string, now: string) =>
  finish(notice, 'sent', now, { ses_message_id: messageId });
export const markFailed = (notice: NoticeRecord, error: string, now: string) => finish(notice, 'failed', now, { last_error: error });
export const markExpanded = (notice: NoticeRecord, recipients: number, now: string) => finish(notice, 'expanded', now, { recipients });

export const scheduleRetry = (notice: NoticeRecord, nextAttemptAt: string, error: string) =>
  rescheduleUnderLease(noticeEntity.key(notice), notice.lease_until, noticeDueKey(nextAttemptAt, notice.id), nextAttemptAt, error);

/** Writes a recipient's copy unless an earlier expansion did. */
export async function putRecipientNotice(copy: NoticeRecord): Promise<void> {
  await conditionHeld(
    db.send(
      new PutCommand({
        TableName: tableName,
        Item: noticeEntity.item(copy),
        ConditionExpression: 'attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': TABLE_DEFINITION.partitionKey },
      }),
    ),
  );
}

/** Pending notices due by `now`, oldest first (the index is eventually consistent; claim re-checks each). */
export async function listDue(now: string, limit: number): Promise<NoticeKey[]> {
  const index = TABLE_DEFINITION.indexes.byPerson;
  const result = await db.send(
    new QueryCommand({ TableName: tableName, IndexName: index.indexName, ...partitionQuery(noticesDueBy(now), index), Limit: limit }),
  );
  return (result.Items ?? []).map((item) => noticeEntity.parse(item)).map(({ org_id, id }) => ({ org_id, id }));
}
