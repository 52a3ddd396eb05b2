// DynamoDB Streams consumer: puts each new audit event on the stack's event bus (detail-type = its
// action), so the deployer's services hear of every change through an EventBridge rule. A record
// whose event did not get on is reported (ReportBatchItemFailures), so Lambda retries from there;
// a batch that keeps failing goes to the dead-letter queue, whose alarm tells the operator.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { publishStreamedEvents } from '../features/events/event-publisher.js';
import { eventBus } from '../shared/events/event-bus-client.js';
import { backgroundFunction } from '../shared/observability/background-function.js';

export const handler = backgroundFunction(
  'publish-events',
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => ({
    batchItemFailures: await publishStreamedEvents(event.Records, eventBus),
  }),
);
