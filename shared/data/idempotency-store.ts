// Requests sent with an Idempotency-Key: claimed before the route runs, completed with the response
// it gave, released if it failed, so a retry gets the first response instead of a second write.
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { db, tableName } from '../clients.js';
import { existence, keys, TABLE_DEFINITION, withoutKeys } from './keys.js';

export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: string;
}

export interface IdempotencyRecord {
  fingerprint: string;
  status: 'in_progress' | 'completed';
  /** While in progress: after this, the request that claimed the key is presumed dead and another may take over. */
  locked_until: string;
  response?: StoredResponse;
}

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
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.idempotency(caller, keyHash),
          type: 'idempotency',
          fingerprint,
          status: 'in_progress',
          locked_until: new Date(now.getTime() + lockSeconds * 1000).toISOString(),
          [TTL]: nowEpoch + keepSeconds,
        },
        // TTL deletes lazily, so an expired record may still be there; one whose holder died is taken over.
        ConditionExpression: `${existence.isNew.ConditionExpression} OR #ttl < :nowEpoch OR (#status = :inProgress AND locked_until < :now)`,
        ExpressionAttributeNames: { ...existence.isNew.ExpressionAttributeNames, '#ttl': TTL, '#status': 'status' },
        ExpressionAttributeValues: { ':nowEpoch': nowEpoch, ':inProgress': 'in_progress', ':now': now.toISOString() },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { claimed: true };
  } catch (error) {
    // By name: importing the exception class here would keep the whole DynamoDB client in every bundle.
    const old = (error as { name?: string; Item?: Parameters<typeof unmarshall>[0] }).Item;
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException' || !old) throw error;
    return { claimed: false, existing: withoutKeys(unmarshall(old)) as unknown as IdempotencyRecord };
  }
}

export async function complete(caller: string, keyHash: string, response: StoredResponse): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.idempotency(caller, keyHash),
      UpdateExpression: 'SET #status = :completed, #response = :response',
      ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
      ExpressionAttributeValues: { ':completed': 'completed', ':response': response },
    }),
  );
}

/** The request failed: forget the key, so that a retry runs the request again. */
export async function release(caller: string, keyHash: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: tableName, Key: keys.idempotency(caller, keyHash) }));
}
