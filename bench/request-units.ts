// Read and write request units, which DynamoDB on-demand bills at different prices, from the request
// log. DynamoDB Local reports only a total (`CapacityUnits`), even with ReturnConsumedCapacity set to
// INDEXES, where DynamoDB itself would add ReadCapacityUnits and WriteCapacityUnits; so each request's
// total is counted by what its command bills. A TransactWriteItems is all write units: DynamoDB bills
// its ConditionCheck steps as writes (2 units per KB, as the other steps of a transaction).
import type { DynamoRequest } from '../shared/clients.js';

export interface RequestUnits {
  read: number;
  write: number;
}

const READ_COMMANDS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand', 'TransactGetItemsCommand']);
const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

export function requestUnitsOf(requests: readonly Pick<DynamoRequest, 'command' | 'consumedCapacity'>[]): RequestUnits {
  const units: RequestUnits = { read: 0, write: 0 };
  for (const { command, consumedCapacity = 0 } of requests) {
    if (READ_COMMANDS.has(command)) units.read += consumedCapacity;
    else if (WRITE_COMMANDS.has(command)) units.write += consumedCapacity;
    else throw new Error(`No request unit kind for ${command}: add it to bench/request-units.ts`);
  }
  return units;
}
