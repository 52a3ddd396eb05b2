// Generic helpers over key attributes, so that no entity or store spells `pk`, `sk` or an index's
// attributes itself.
import { type PrimaryKey, TABLE_DEFINITION } from './table-definition.js';

/** A key range that a list query walks: a partition, narrowed to a sort-key prefix or an upper bound. */
export interface KeyRange {
  partition: string;
  prefix?: string;
  upTo?: string;
}

export type PrefixRange = KeyRange & { prefix: string };

/** The ExclusiveStartKey that continues a range after the item with this id. */
export function startAfter(range: PrefixRange, id: string): PrimaryKey {
  return { pk: range.partition, sk: range.prefix + id };
}

/**
 * The id in the sort key (or index sort key) of a LastEvaluatedKey, for a range with a prefix:
 * where a filtered or size-limited page stopped.
 */
export function lastEvaluatedId(
  lastEvaluatedKey: Record<string, unknown> | undefined,
  range: { prefix?: string },
  index?: { sortKey: string },
): string | undefined {
  if (!lastEvaluatedKey) return undefined;
  const sortKey = String(lastEvaluatedKey[index?.sortKey ?? TABLE_DEFINITION.sortKey] ?? '');
  return sortKey.slice(range.prefix?.length ?? 0);
}

/** The primary key of an item as read, e.g. where a person-index page stopped. */
export function primaryKeyOf(item: Record<string, unknown>): PrimaryKey {
  return { pk: String(item[TABLE_DEFINITION.partitionKey]), sk: String(item[TABLE_DEFINITION.sortKey]) };
}

/** The attributes that put an item into the person index; removed when an outbox item leaves the queue. */
export const PERSON_INDEX_ATTRIBUTES = [TABLE_DEFINITION.indexes.byPerson.partitionKey, TABLE_DEFINITION.indexes.byPerson.sortKey] as const;

const KEY_ATTRIBUTES = new Set<string>([TABLE_DEFINITION.partitionKey, TABLE_DEFINITION.sortKey, ...PERSON_INDEX_ATTRIBUTES]);

/** Strips every key attribute, so that nothing the table uses for addressing reaches a record. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.has(name)));
}

/** Key condition for a Query over one partition, optionally narrowed to a sort-key prefix or an upper bound. */
export function partitionQuery(
  range: KeyRange,
  index?: { partitionKey: string; sortKey: string },
): { KeyConditionExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, string> } {
  const partitionKey = index?.partitionKey ?? TABLE_DEFINITION.partitionKey;
  const sortKey = index?.sortKey ?? TABLE_DEFINITION.sortKey;
  const query = {
    KeyConditionExpression: '#partition = :partition',
    ExpressionAttributeNames: { '#partition': partitionKey } as Record<string, string>,
    ExpressionAttributeValues: { ':partition': range.partition } as Record<string, string>,
  };
  // An empty prefix is the whole partition: DynamoDB refuses begins_with with an empty string.
  if (range.prefix) {
    query.KeyConditionExpression += ' AND begins_with(#sort, :prefix)';
    query.ExpressionAttributeNames['#sort'] = sortKey;
    query.ExpressionAttributeValues[':prefix'] = range.prefix;
  } else if (range.upTo !== undefined) {
    query.KeyConditionExpression += ' AND #sort <= :upTo';
    query.ExpressionAttributeNames['#sort'] = sortKey;
    query.ExpressionAttributeValues[':upTo'] = range.upTo;
  }
  return query;
}

/** DynamoDB deletes an item some time after this epoch second (TTL); for data that only needs to outlive its purpose. */
export const epochSeconds = (iso: string, plusDays = 0) => Math.floor(Date.parse(iso) / 1000) + plusDays * 86_400;
