import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../clients.js';
import { type PrimaryKey, TABLE_DEFINITION, withoutKeys } from './keys.js';

export const keyId = (key: PrimaryKey): string => `${key.pk}\n${key.sk}`;

/**
 * BatchGetItem (strongly consistent) that also fetches what DynamoDB left unprocessed.
 * Results are keyed by keyId() and stripped of key attributes.
 */
export async function batchGet(keyList: PrimaryKey[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  let pending: BatchGetCommandOutput['UnprocessedKeys'] =
    keyList.length > 0 ? { [tableName]: { Keys: keyList, ConsistentRead: true } } : undefined;
  for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    const result: BatchGetCommandOutput = await db.send(new BatchGetCommand({ RequestItems: pending }));
    for (const item of result.Responses?.[tableName] ?? []) {
      const key = { pk: String(item[TABLE_DEFINITION.partitionKey]), sk: String(item[TABLE_DEFINITION.sortKey]) };
      found.set(keyId(key), withoutKeys(item));
    }
    pending = result.UnprocessedKeys;
  }
  return found;
}
