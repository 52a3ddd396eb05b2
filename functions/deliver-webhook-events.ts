// DynamoDB Streams consumer: each new audit event goes to the org's webhook endpoints that
// subscribe to it. The deliveries of every record are written before the record counts as done; on
// a failure it reports that record (ReportBatchItemFailures), so Lambda retries from there and no
// event is skipped. Then it attempts the deliveries at once; one that fails waits in the due queue
// for the retry schedule (functions/retry-webhook-deliveries.ts).

import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { attemptAll, fanOut } from '../features/webhooks/webhook-delivery.js';
import type { DeliveryKey } from '../features/webhooks/webhook-delivery-store.js';
import { auditEventFromImage } from '../features/webhooks/webhook-payload.js';
import { backgroundFunction } from '../shared/observability/background-function.js';
import { errorFields, log } from '../shared/observability/log.js';
import { systemPrincipal } from '../shared/vocabulary/principal.js';

export const handler = backgroundFunction(
  'deliver-webhook-events',
  async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
    const job = { ...systemPrincipal('deliver-webhook-events'), origin: { requestId: context?.awsRequestId ?? 'stream' } };
    const attempts: DeliveryKey[] = [];
    const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage;
      if (!image) continue;
      try {
        attempts.push(...(await fanOut(auditEventFromImage(image))));
      } catch (error) {
        log('error', 'webhook_fan_out_failed', { sequence_number: record.dynamodb?.SequenceNumber, error: errorFields(error) });
        // Lambda resumes from the first failed record, so the rest of the batch is retried with it.
        batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
        break;
      }
    }
    // What was fanned out is attempted either way: those deliveries are written, and done with.
    await attemptAll(attempts, job);
    return { batchItemFailures };
  },
);
