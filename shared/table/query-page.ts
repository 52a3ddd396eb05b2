// One page of a key range, the way every list reads: strongly consistent (on the table), one item
// more than the page (so a cursor means there is more), optionally filtered, each item parsed.
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../clients.js';
import { type KeyRange, lastEvaluatedId, type PrefixRange, partitionQuery, startAfter } from './keys.js';
import { takePage } from './page-cursor.js';
import type { Expression } from './steps.js';

export interface RangePage<T> {
  items: T[];
  /** The id to continue after, when there is more. */
  lastId: string | undefined;
}

export function queryRange(range: PrefixRange, limit: number, afterId?: string, filter?: Expression): Promise<QueryCommandOutput> {
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
  range: Pick<KeyRange, 'prefix'>,
  limit: number,
  parse: (item: Record<string, unknown>) => T,
  idOf: (item: T) => string,
  index?: { sortKey: string },
): RangePage<T> {
  const items = (result.Items ?? []).map(parse);
  const { page, lastId } = takePage(items, limit, lastEvaluatedId(result.LastEvaluatedKey, range, index), idOf);
  return { items: page, lastId };
}

/**
 * Every item of a key range, a page of 100 at a time, each handed to `visit` before the next page
 * is read: for background work over a range of unbounded size (a deleted workspace's keys).
 */
export async function eachInRange<T>(
  range: PrefixRange,
  parse: (item: Record<string, unknown>) => T,
  idOf: (item: T) => string,
  visit: (item: T) => Promise<void>,
): Promise<void> {
  let after: string | undefined;
  do {
    const page = toRangePage(await queryRange(range, 100, after), range, 100, parse, idOf);
    for (const item of page.items) await visit(item);
    after = page.lastId;
  } while (after);
}
