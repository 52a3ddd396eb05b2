// One page of a key range in the org partition, the way every list reads: strongly consistent,
// one item more than the page (so a cursor means there is more), optionally filtered.
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../clients.js';
import { lastEvaluatedId, partitionQuery, startAfter, withoutKeys } from './keys.js';
import { takePage } from './page-cursor.js';

export interface RangeFilter {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

export interface RangePage<T> {
  items: T[];
  /** The id to continue after, when there is more. */
  lastId: string | undefined;
}

export function queryRange(
  range: { partition: string; prefix: string },
  limit: number,
  afterId?: string,
  filter?: RangeFilter,
): Promise<QueryCommandOutput> {
  const query = partitionQuery(range);
  return db.send(
    new QueryCommand({
      TableName: tableName,
      ...query,
      ...(filter
        ? {
            FilterExpression: filter.expression,
            ExpressionAttributeNames: { ...query.ExpressionAttributeNames, ...filter.names },
            ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ...filter.values },
          }
        : {}),
      Limit: limit + 1,
      ConsistentRead: true,
      ...(afterId ? { ExclusiveStartKey: startAfter(range, afterId) } : {}),
    }),
  );
}

export function toRangePage<T>(
  result: QueryCommandOutput,
  range: { prefix: string },
  limit: number,
  idOf: (item: T) => string,
): RangePage<T> {
  const items = (result.Items ?? []).map(withoutKeys) as unknown as T[];
  const { page, lastId } = takePage(items, limit, lastEvaluatedId(result.LastEvaluatedKey, range), idOf);
  return { items: page, lastId };
}
