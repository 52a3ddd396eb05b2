// The lease and the due queue shared by the outboxes (invitation emails, notices): an item waits
// in the person index under its queue's partition, sorted by due time; a sender first takes a short
// lease, so two deliveries of one item (a stream retry and the retry pass) cannot both act; a
// failed attempt gives the lease back and puts the item at its next due time.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../clients.js';
import { conditionHeld, unlessConditionFails } from './conditional-write.js';
import { PERSON_INDEX_ATTRIBUTES } from './keys.js';
import type { Expression } from './steps.js';
import type { PersonIndexKey, PrimaryKey } from './table-definition.js';

/** Takes the lease on a pending item; its attributes, or undefined if it is no longer pending or another sender holds it. */
export async function claimLease(key: PrimaryKey, now: string, leaseUntil: string): Promise<Record<string, unknown> | undefined> {
  const result = await unlessConditionFails(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET lease_until = :lease, attempts = attempts + :one',
        ConditionExpression: '#status = :pending AND (attribute_not_exists(lease_until) OR lease_until < :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':lease': leaseUntil, ':one': 1, ':pending': 'pending', ':now': now },
        ReturnValues: 'ALL_NEW',
      }),
    ),
  );
  return result?.Attributes;
}

/** The condition of every write that ends or reschedules a leased item: it is still pending, under this lease. */
export const underLease = (leaseUntil: string | undefined): Expression => ({
  expression: '#status = :pending AND lease_until = :lease',
  names: { '#status': 'status' },
  values: { ':pending': 'pending', ':lease': leaseUntil },
});

/** The REMOVE clause (with its names) that takes an item out of the queue and drops its lease, and the other attributes named. */
export function leavingTheQueue(...alsoRemoved: string[]) {
  const names = Object.fromEntries([...PERSON_INDEX_ATTRIBUTES, ...alsoRemoved].map((name, i) => [`#left${i}`, name]));
  return { remove: `REMOVE lease_until, ${Object.keys(names).join(', ')}`, names };
}

/** Gives the lease back and puts the item at its next due time in the queue; false if the lease was lost. */
export function rescheduleUnderLease(
  key: PrimaryKey,
  leaseUntil: string | undefined,
  due: PersonIndexKey,
  nextAttemptAt: string,
  error: string,
) {
  const [partitionName, sortName] = PERSON_INDEX_ATTRIBUTES;
  const lease = underLease(leaseUntil);
  return conditionHeld(
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression:
          'SET next_attempt_at = :next, #duePartition = :duePartition, #dueSort = :dueSort, last_error = :error REMOVE lease_until',
        ConditionExpression: lease.expression,
        ExpressionAttributeNames: { ...lease.names, '#duePartition': partitionName, '#dueSort': sortName },
        ExpressionAttributeValues: {
          ...lease.values,
          ':next': nextAttemptAt,
          ':duePartition': due.gsi1pk,
          ':dueSort': due.gsi1sk,
          ':error': error,
        },
      }),
    ),
  );
}
