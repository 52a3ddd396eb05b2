// DynamoDB Streams consumer: sends the email of each new outbox item. On a failure it reports
// that record (ReportBatchItemFailures), so Lambda retries from there; the outbox item itself
// stays queued, and the retry schedule sends it whatever happens to the stream batch.

import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { DeliveryDeferred, deliverInvitationEmail } from '../features/invitations/invitation-delivery.js';
import { backgroundFunction } from '../shared/observability/background-function.js';
import { errorFields, log } from '../shared/observability/log.js';
import { systemPrincipal } from '../shared/vocabulary/principal.js';

export const handler = backgroundFunction(
  'send-invitation-emails',
  async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
    const job = { ...systemPrincipal('send-invitation-emails'), origin: { requestId: context?.awsRequestId ?? 'stream' } };
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage;
      const orgId = image?.org_id?.S;
      const sendId = image?.id?.S;
      if (!orgId || !sendId) continue;
      try {
        await deliverInvitationEmail(orgId, sendId, job);
      } catch (error) {
        if (!(error instanceof DeliveryDeferred)) {
          log('error', 'invitation_email_delivery_error', { outbox_id: sendId, error: errorFields(error) });
        }
        // Lambda resumes from the first failed record, so the rest of the batch is retried with it.
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  },
);
