// Fills a quota counter in DynamoDB Local as if its subject had already used it this hour or day,
// where sending a day's worth of emails first is not an option.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type QuotaSubject, type QuotaWindow, quotaEntity, windowAt } from '../../features/quotas/quota-entity.js';
import { db, tableName } from '../../shared/clients.js';

/**
 * Waits out the last `marginMs` of a window, so that what a test counts (by filling a counter, or
 * by sending) falls in one window: a test that crossed the end of a clock hour would find its
 * counters reset, and a limit it expects to reach still far away.
 */
export async function awayFromWindowEnd(window: QuotaWindow, marginMs = 10_000): Promise<void> {
  const left = Date.parse(windowAt(window, new Date().toISOString()).end) - Date.now();
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 100));
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
