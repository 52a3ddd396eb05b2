// Reads behind the API, for tests that check what is stored rather than what is answered.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { partitionQuery } from '../../shared/table/keys.js';
import { orgPartition } from '../../shared/table/table-definition.js';

/** Every item of an org's partition, keys included. */
export async function itemsOfOrg(orgId: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        ...partitionQuery({ partition: orgPartition(orgId) }),
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
