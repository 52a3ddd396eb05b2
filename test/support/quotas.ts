// Fills a quota counter in DynamoDB Local as if its subject had already used it this hour or day,
// where sending a day's worth of emails first is not an option.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type QuotaSubject, type QuotaWindow, quotaEntity, windowAt } from '../../features/quotas/quota-entity.js';
import { db, tableName } from '../../shared/clients.js';

/** Waits out the last seconds of a window, so that what a test fills and what it then sends fall in the same one. */
async function awayFromWindowEnd(window: QuotaWindow): Promise<void> {
  const left = Date.parse(windowAt(window, new Date().toISOString()).end) - Date.now();
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

export async function fillQuota(counter: QuotaSubject & { window: QuotaWindow }, count: number): Promise<void> {
  await awayFromWindowEnd(counter.window);
  const { start, end } = windowAt(counter.window, new Date().toISOString());
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: quotaEntity.key({ ...counter, start }),
      UpdateExpression: 'SET #type = :type, window_end = :end, #count = :count',
      ExpressionAttributeNames: { '#type': 'type', '#count': 'count' },
      ExpressionAttributeValues: { ':type': quotaEntity.type, ':end': end, ':count': count },
    }),
  );
}
