// DynamoDB Streams consumer: copies what /me and /orgs show of an org (its name, personal flag
// and dates) onto its memberships, so that both read one page of the person index and nothing
// else (#17). A rename cannot do this in its own transaction: an org's members have no bound. A
// failing record is reported with everything after it, so Lambda retries them in order; the
// copies' version condition makes the retry harmless. Until a copy lands, the reader fetches the
// org (organizationsOf), so no one sees a blank name; a rename shows within the stream's lag.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { copyOrgFromStreamRecord } from '../features/organizations/org-copies.js';
import { backgroundFunction } from '../shared/observability/background-function.js';
import { errorFields, log } from '../shared/observability/log.js';

export const handler = backgroundFunction('copy-org-to-memberships', async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  for (const record of event.Records) {
    try {
      await copyOrgFromStreamRecord(record);
    } catch (error) {
      log('error', 'copy_org_to_memberships_failed', { sequence_number: record.dynamodb?.SequenceNumber, error: errorFields(error) });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
});
