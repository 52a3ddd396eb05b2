import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../clients.js';
import { primaryKeyOf } from './keys.js';
import type { PrimaryKey } from './table-definition.js';

export const keyId = (key: PrimaryKey): string => `${key.pk}\n${key.sk}`;

/** Items found by one BatchGetItem, looked up by key; the caller parses each with its entity. */
export class FoundItems {
  constructor(private readonly items: Map<string, Record<string, unknown>>) {}

  get(key: PrimaryKey): Record<string, unknown> | undefined {
    return this.items.get(keyId(key));
  }

  get size(): number {
    return this.items.size;
  }
}

/** BatchGetItem (strongly consistent) that also fetches what DynamoDB left unprocessed. */
export async function batchGet(keyList: PrimaryKey[]): Promise<FoundItems> {
  const found = new Map<string, Record<string, unknown>>();
  const unique = [...new Map(keyList.map((key) => [keyId(key), key])).values()];
  let pending: BatchGetCommandOutput['UnprocessedKeys'] =
    unique.length > 0 ? { [tableName]: { Keys: unique, ConsistentRead: true } } : undefined;
  for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    const result: BatchGetCommandOutput = await db.send(new BatchGetCommand({ RequestItems: pending }));
    for (const item of result.Responses?.[tableName] ?? []) found.set(keyId(primaryKeyOf(item)), item);
    pending = result.UnprocessedKeys;
  }
  return new FoundItems(found);
}
