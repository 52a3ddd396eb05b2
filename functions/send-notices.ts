// DynamoDB Streams consumer: sends each new notice (or expands a group notice into its copies,
// which come back through the stream). A notice SES could not take yet is already back in the due
// queue, so only an unexpected error (the table unreachable) fails the record for Lambda to retry.

import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { deliverNotice } from '../features/notices/notice-delivery.js';
import { backgroundFunction } from '../shared/observability/background-function.js';
import { errorFields, log } from '../shared/observability/log.js';

export const handler = backgroundFunction('send-notices', async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const orgId = image?.org_id?.S;
    const id = image?.id?.S;
    if (!orgId || !id) continue;
    try {
      await deliverNotice({ org_id: orgId, id });
    } catch (error) {
      log('error', 'notice_delivery_error', { notice_id: id, error: errorFields(error) });
      // Lambda resumes from the first failed record, so the rest of the batch is retried with it.
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
});
