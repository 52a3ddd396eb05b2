// One page of a key range, the way every list reads: strongly consistent (on the table), one item
// more than the page (so a cursor means there is more), optionally filtered, each item parsed.
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../clients.js';
import { type KeyRange, lastEvaluatedId, type PrefixRange, partitionQuery, startAfter } from './keys.js';
import { takePage } from './page-cursor.js';
import type { Expression } from './steps.js';
import { type PrimaryKey, TABLE_DEFINITION } from './table-definition.js';

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

/** Where a person-index page continues: the last item's table key and its sort key in the index. */
export interface PersonIndexPosition {
  key: PrimaryKey;
  sortKey: string;
}

const personIndex = TABLE_DEFINITION.indexes.byPerson;

/**
 * One page of a key range of the person index (eventually consistent, as every index read is),
 * read one item over the page as every list reads, and the item to continue after, if there is more.
 */
export async function personIndexPage<T>(
  range: KeyRange,
  limit: number,
  parse: (item: Record<string, unknown>) => T,
  after?: PersonIndexPosition,
): Promise<{ items: T[]; continueAfter: T | undefined }> {
  const result = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: personIndex.indexName,
      ...partitionQuery(range, personIndex),
      Limit: limit + 1,
      ...(after
        ? { ExclusiveStartKey: { ...after.key, [personIndex.partitionKey]: range.partition, [personIndex.sortKey]: after.sortKey } }
        : {}),
    }),
  );
  const items = (result.Items ?? []).map(parse);
  const page = items.slice(0, limit);
  // A page DynamoDB cut short (its 1 MB) continues after the last item it read.
  const continueAfter = items.length > limit ? page.at(-1) : result.LastEvaluatedKey ? items.at(-1) : undefined;
  return { items: page, continueAfter };
}
