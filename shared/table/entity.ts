// An entity of the single table, declared once in its feature folder: its `type` tag, its stored
// shape, its key formats and index keys. Items are built only through `item` and read only through
// `parse`, so a record that does not match its declared shape is an error here, not a surprise
// three calls later.
import { epochSeconds, withoutKeys } from './keys.js';
import { type Shape, type Stored, StoredShapeError } from './stored-shape.js';
import { type PrimaryKey, TABLE_DEFINITION } from './table-definition.js';

export interface EntityDefinition<S extends Shape<object>, K> {
  /** Stored as the item's `type` attribute: stream filters and mixed queries tell items apart by it. */
  type: string;
  shape: S;
  key: (composite: K) => PrimaryKey;
  /** Index attributes the item carries, if it is in an index. */
  indexKeys?: (record: Stored<S>) => Record<string, string>;
  /** When DynamoDB may delete the item (an ISO time, plus days); undefined keeps it. */
  expiresAt?: (record: Stored<S>) => { at: string; plusDays?: number } | undefined;
}

export function defineEntity<S extends Shape<object>, K>(definition: EntityDefinition<S, K>) {
  type Record = Stored<S>;
  const parse = (item: { [attribute: string]: unknown }): Record => {
    if (item.type !== definition.type) throw new StoredShapeError(`A stored ${definition.type} item has the type ${String(item.type)}`);
    try {
      return definition.shape.decode(withoutKeys(item), '') as Record;
    } catch (error) {
      if (error instanceof StoredShapeError)
        throw new StoredShapeError(`A stored ${definition.type} item does not match its shape: ${error.message}`);
      throw error;
    }
  };
  return {
    type: definition.type,
    key: definition.key,
    /** The item to write: keys, index keys, type tag and the record's attributes. */
    item(record: Record & K): { [attribute: string]: unknown } {
      const expiry = definition.expiresAt?.(record);
      return {
        ...definition.key(record),
        ...definition.indexKeys?.(record),
        type: definition.type,
        ...(record as object),
        ...(expiry ? { [TABLE_DEFINITION.timeToLiveAttribute]: epochSeconds(expiry.at, expiry.plusDays) } : {}),
      };
    },
    /** Whether an item read from a mixed query (or a failed condition) is one of these. */
    is(item: { [attribute: string]: unknown } | undefined): boolean {
      return item?.type === definition.type;
    },
    /** The record in an item as read: key attributes and the type tag dropped, the rest checked against the shape. */
    parse,
    parseOptional(item: { [attribute: string]: unknown } | undefined): Record | undefined {
      return item === undefined ? undefined : parse(item);
    },
  };
}
