// The floor every route is measured against: a handler that only creates a DynamoDB document
// client and sends one command. Bundled with the same options as the routes.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const db = DynamoDBDocumentClient.from(
  new DynamoDBClient(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
);

export const handler = async (event: { key: { pk: string; sk: string } }) => {
  const result = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: event.key, ConsistentRead: true }));
  return { statusCode: result.Item ? 200 : 404 };
};
