// Scheduled: one pass over the webhook deliveries that are due again.
import type { Context } from 'aws-lambda';
import { retryDueDeliveries } from '../features/webhooks/webhook-delivery.js';
import { systemPrincipal } from '../shared/vocabulary/principal.js';

export const handler = async (_event?: unknown, context?: Context): Promise<void> => {
  const job = { ...systemPrincipal('retry-webhook-deliveries'), origin: { requestId: context?.awsRequestId ?? 'schedule' } };
  const counts = await retryDueDeliveries(job);
  if (Object.values(counts).some((count) => count > 0))
    console.log(JSON.stringify({ level: 'info', event: 'webhook_retry_pass', ...counts }));
};
