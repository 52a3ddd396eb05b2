// Requests sent with an Idempotency-Key: claimed before the route runs, completed with the response
// it gave, released if it failed, so a retry gets the first response instead of a second write.
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { db, tableName } from '../clients.js';
import { defineEntity } from '../table/entity.js';
import { conditions } from '../table/steps.js';
import { type Stored, shape } from '../table/stored-shape.js';
import { PREFIXES, TABLE_DEFINITION } from '../table/table-definition.js';

const idempotencyRecord = shape.object({
  fingerprint: shape.string,
  status: shape.oneOf(['in_progress', 'completed']),
  /** While in progress: after this, the request that claimed the key is presumed dead and another may take over. */
  locked_until: shape.string,
  response: shape.optional(
    shape.object({ statusCode: shape.number, headers: shape.record(shape.string), body: shape.optional(shape.string) }),
  ),
});

export type IdempotencyRecord = Stored<typeof idempotencyRecord>;
export type StoredResponse = NonNullable<IdempotencyRecord['response']>;
/** `caller` is a principal id, or `public` for routes without sign-in; `key_hash` a digest of the client's key. */
type IdempotencyKey = { caller: string; key_hash: string };

export const idempotencyEntity = defineEntity({
  type: 'idempotency',
  shape: idempotencyRecord,
  key: (record: IdempotencyKey) => ({ pk: PREFIXES.idempotency + record.caller, sk: `KEY#${record.key_hash}` }),
});

export type Claim = { claimed: true } | { claimed: false; existing: IdempotencyRecord };

const TTL = TABLE_DEFINITION.timeToLiveAttribute;

/** Claims the key for this request, unless an unexpired record holds it: then that record is the answer. */
export async function claim(
  caller: string,
  keyHash: string,
  fingerprint: string,
  now: Date,
  keepSeconds: number,
  lockSeconds: number,
): Promise<Claim> {
  const nowEpoch = Math.floor(now.getTime() / 1000);
  const record: IdempotencyRecord & IdempotencyKey = {
    caller,
    key_hash: keyHash,
    fingerprint,
    status: 'in_progress',
    locked_until: new Date(now.getTime() + lockSeconds * 1000).toISOString(),
  };
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...idempotencyEntity.item(record), [TTL]: nowEpoch + keepSeconds },
        // TTL deletes lazily, so an expired record may still be there; one whose holder died is taken over.
        ConditionExpression: `${conditions.isNew.expression} OR #ttl < :nowEpoch OR (#status = :inProgress AND locked_until < :now)`,
        ExpressionAttributeNames: { ...conditions.isNew.names, '#ttl': TTL, '#status': 'status' },
        ExpressionAttributeValues: { ':nowEpoch': nowEpoch, ':inProgress': 'in_progress', ':now': now.toISOString() },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { claimed: true };
  } catch (error) {
    // By name: importing the exception class here would keep the whole DynamoDB client in every bundle.
    const old = (error as { name?: string; Item?: Parameters<typeof unmarshall>[0] }).Item;
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException' || !old) throw error;
    return { claimed: false, existing: idempotencyEntity.parse(unmarshall(old)) };
  }
}

export async function complete(caller: string, keyHash: string, response: StoredResponse): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: idempotencyEntity.key({ caller, key_hash: keyHash }),
      UpdateExpression: 'SET #status = :completed, #response = :response',
      ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
      ExpressionAttributeValues: { ':completed': 'completed', ':response': response },
    }),
  );
}

/** The request failed: forget the key, so that a retry runs the request again. */
export async function release(caller: string, keyHash: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: tableName, Key: idempotencyEntity.key({ caller, key_hash: keyHash }) }));
}
