// A stand-in function for test/infra/sdk-tracing-bundle.test.ts: it makes one call of each kind the
// functions make, through the same client modules, each carrying SECRET (from the environment) where
// a real call would carry a key, an item, a plaintext or a token. The test bundles it with the
// traceSdkCalls choice and reads what reaches the trace.
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/clients.js';
import { dataKeys } from '../../shared/envelope/data-key-client.js';
import { eventBus } from '../../shared/events/event-bus-client.js';
import { sendEmail } from '../../shared/mail/ses-client.js';

export async function handler() {
  const secret = process.env.SDK_CALLS_SECRET!;
  const key = { pk: `TRACE#${secret}`, sk: secret };
  await db.send(new PutCommand({ TableName: tableName, Item: { ...key, type: 'trace', value: secret } }));
  const read = await db.send(new GetCommand({ TableName: tableName, Key: key }));
  const query = await db.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': key.pk } }),
  );
  const context = { workspace: secret };
  const dataKey = await dataKeys.generate(context);
  const unwrapped = await dataKeys.unwrap(dataKey.wrapped, context);
  const published = await eventBus.put([
    { source: 'orgspace', detailType: 'trace.test', detail: JSON.stringify({ secret }), time: new Date() },
  ]);
  const messageId = await sendEmail({ to: 'trace@example.com', subject: secret, text: `token ${secret}`, html: `<p>token ${secret}</p>` });
  return {
    read: read.Item?.value === secret,
    queried: query.Count,
    unwrapped: Buffer.from(unwrapped).equals(Buffer.from(dataKey.plaintext)),
    published: published.every((outcome) => outcome.ok),
    sent: Boolean(messageId),
  };
}
