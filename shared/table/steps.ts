// The steps of a TransactWriteItems, each with a label that names what its condition guards. A
// failure is explained by that label (`workspace_name_taken`, not "item 2"), and the feature that
// declares an entity exports the steps other features compose into their transactions.
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../clients.js';
import type { PrimaryKey } from './table-definition.js';
import { TABLE_DEFINITION } from './table-definition.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface Step<L extends string> {
  label: L;
  item: TransactItem;
}

/** A condition (or update) expression with the names and values it refers to. */
export interface Expression {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

const KEY = { '#key': TABLE_DEFINITION.partitionKey };

export const conditions = {
  /** The item must not exist yet. */
  isNew: { expression: 'attribute_not_exists(#key)', names: KEY } satisfies Expression,
  /** The item must exist. */
  exists: { expression: 'attribute_exists(#key)', names: KEY } satisfies Expression,
  /** All of these (undefined ones are skipped); their names and values must not collide. */
  all(...parts: (Expression | undefined)[]): Expression | undefined {
    const present = parts.filter((part): part is Expression => part !== undefined);
    if (present.length === 0) return undefined;
    if (present.length === 1) return present[0];
    return {
      expression: present.map((part) => `(${part.expression})`).join(' AND '),
      names: Object.assign({}, ...present.map((part) => part.names)),
      values: Object.assign({}, ...present.map((part) => part.values)),
    };
  },
};

interface StepOptions {
  condition?: Expression | undefined;
}

/** Names and values of an update and its condition, merged; empty maps are left out, as DynamoDB requires. */
function attributes(...parts: (Expression | undefined)[]) {
  const names = Object.assign({}, ...parts.map((part) => part?.names));
  const values = Object.assign({}, ...parts.map((part) => part?.values));
  return {
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}

// Every conditioned step returns the item as it was when its condition fails: a failure can then
// tell "gone" (404) from "changed" (409) or "role too weak" (403) without another read.
const onFailure = (condition: Expression | undefined) =>
  condition ? { ConditionExpression: condition.expression, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {};

export const steps = {
  put<L extends string>(label: L, item: Record<string, unknown>, options: StepOptions = {}): Step<L> {
    return {
      label,
      item: { Put: { TableName: tableName, Item: item, ...onFailure(options.condition), ...attributes(options.condition) } },
    };
  },
  update<L extends string>(label: L, key: PrimaryKey, update: Expression, options: StepOptions = {}): Step<L> {
    return {
      label,
      item: {
        Update: {
          TableName: tableName,
          Key: key,
          UpdateExpression: update.expression,
          ...onFailure(options.condition),
          ...attributes(update, options.condition),
        },
      },
    };
  },
  delete<L extends string>(label: L, key: PrimaryKey, options: StepOptions = {}): Step<L> {
    return {
      label,
      item: { Delete: { TableName: tableName, Key: key, ...onFailure(options.condition), ...attributes(options.condition) } },
    };
  },
  check<L extends string>(label: L, key: PrimaryKey, condition: Expression): Step<L> {
    return {
      label,
      item: {
        ConditionCheck: {
          TableName: tableName,
          Key: key,
          ConditionExpression: condition.expression,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ...attributes(condition),
        },
      },
    };
  },
};

/** `(:role0, :role1)` and its values, for a condition that an attribute is one of `values`. */
export function valueList(name: string, values: readonly string[]) {
  const entries = Object.fromEntries(values.map((value, i) => [`:${name}${i}`, value]));
  return { list: `(${Object.keys(entries).join(', ')})`, values: entries };
}
