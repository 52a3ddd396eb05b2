// SDK clients, created once per process at module scope and reused by every invocation.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from './config.js';
import { countDynamoRequest } from './observability/dynamo-usage.js';

const { region, dynamoEndpoint } = config();

export const dynamoClient = new DynamoDBClient({
  region,
  maxAttempts: 4,
  ...(dynamoEndpoint ? { endpoint: dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
});

export interface DynamoRequest {
  /** The SDK command, e.g. `BatchGetItemCommand`; retries of one command count once. */
  command: string;
  /**
   * Which sequential round trip of latency this request was part of: a request sent while another
   * is still in flight shares its number, so two reads sent in parallel cost one round trip.
   */
  roundTrip: number;
  /** Capacity units DynamoDB reported (unless `DYNAMODB_RETURN_CONSUMED_CAPACITY=NONE`). */
  consumedCapacity?: number;
}

/**
 * The DynamoDB requests this process sent, oldest first. Tests and the bench read it to hold each
 * route to the round trips its route-table row declares. Only the latest entries are kept, so a
 * long-lived Lambda process does not grow it without bound.
 */
export const dynamoRequestLog: DynamoRequest[] = [];
const REQUEST_LOG_LIMIT = 1000;
let inFlight = 0;
let roundTrips = 0;

type CapacityOutput = { ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }> };
const capacityUnits = (output: CapacityOutput | undefined): number | undefined => {
  const reported = output?.ConsumedCapacity;
  if (reported === undefined) return undefined;
  return (Array.isArray(reported) ? reported : [reported]).reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
};

// Asked for on every request: the request log reports it, and it costs DynamoDB nothing.
const returnConsumedCapacity = config().returnConsumedCapacity;

dynamoClient.middlewareStack.add(
  (next, context) => async (args) => {
    if (inFlight === 0) roundTrips++;
    inFlight++;
    const request: DynamoRequest = { command: context.commandName ?? 'unknown', roundTrip: roundTrips };
    if (dynamoRequestLog.length >= REQUEST_LOG_LIMIT) dynamoRequestLog.shift();
    dynamoRequestLog.push(request);
    try {
      const input = returnConsumedCapacity ? { ...(args.input as object), ReturnConsumedCapacity: returnConsumedCapacity } : args.input;
      const result = await next({ ...args, input });
      request.consumedCapacity = capacityUnits(result.output as CapacityOutput);
      return result;
    } finally {
      inFlight--;
      // A refused write (a failed condition) is a request too, and is counted, without the capacity it does not report.
      countDynamoRequest(request.consumedCapacity);
    }
  },
  { step: 'initialize', name: 'orgspaceRequestLog' },
);

export const db = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true },
});

export const tableName = config().tableName;
