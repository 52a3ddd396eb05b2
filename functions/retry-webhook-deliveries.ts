// Scheduled: one pass over the webhook deliveries that are due again.

import type { Context } from 'aws-lambda';
import { retryDueDeliveries } from '../features/webhooks/webhook-delivery.js';
import { backgroundFunction } from '../shared/observability/background-function.js';
import { log } from '../shared/observability/log.js';
import { systemPrincipal } from '../shared/vocabulary/principal.js';

export const handler = backgroundFunction('retry-webhook-deliveries', async (_event?: unknown, context?: Context): Promise<void> => {
  const job = { ...systemPrincipal('retry-webhook-deliveries'), origin: { requestId: context?.awsRequestId ?? 'schedule' } };
  const counts = await retryDueDeliveries(job);
  if (Object.values(counts).some((count) => count > 0)) log('info', 'webhook_retry_pass', { ...counts });
});
