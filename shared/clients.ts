// SDK clients, created once per process at module scope and reused by every invocation.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from './config.js';

const { region, dynamoEndpoint } = config();

export const dynamoClient = new DynamoDBClient({
  region,
  maxAttempts: 4,
  ...(dynamoEndpoint ? { endpoint: dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
});

/**
 * Every DynamoDB command this process sent, by name (retries of one command count once). Tests
 * and the bench read it to hold each route to the round trips its route-table row declares.
 */
export const dynamoRequestLog: string[] = [];
dynamoClient.middlewareStack.add(
  (next, context) => (args) => {
    dynamoRequestLog.push(context.commandName ?? 'unknown');
    return next(args);
  },
  { step: 'initialize', name: 'orgspaceRequestLog' },
);

export const db = DynamoDBDocumentClient.from(dynamoClient, {
  marshallOptions: { removeUndefinedValues: true },
});

export const tableName = config().tableName;
