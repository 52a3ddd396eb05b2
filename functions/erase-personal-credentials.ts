// DynamoDB Streams consumer: when a membership ends (the member left or was removed), the personal
// credentials they made in it are erased, then their data key in the org. Ending a membership
// cannot do this in its own transaction: a member may hold up to 200. Until it has run, the
// credentials are out of reach all the same: every personal route checks the caller's current
// membership, and the membership each credential was made in.
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { erasePersonalCredentials } from '../features/credentials/personal-credential-store.js';
import { backgroundFunction } from '../shared/observability/background-function.js';
import { errorFields, log } from '../shared/observability/log.js';
import { systemPrincipal } from '../shared/vocabulary/principal.js';

export const handler = backgroundFunction(
  'erase-personal-credentials',
  async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
    const job = { ...systemPrincipal('erase-personal-credentials'), origin: { requestId: context?.awsRequestId ?? 'stream' } };
    for (const record of event.Records) {
      const old = record.dynamodb?.OldImage;
      const orgId = old?.org_id?.S;
      const userId = old?.user_id?.S;
      const joinedAt = old?.joined_at?.S;
      if (!orgId || !userId || !joinedAt) continue;
      try {
        const erased = await erasePersonalCredentials(orgId, userId, joinedAt, job);
        if (erased > 0) log('info', 'personal_credentials_erased', { org_id: orgId, user_id: userId, erased });
      } catch (error) {
        log('error', 'erase_personal_credentials_failed', { org_id: orgId, user_id: userId, error: errorFields(error) });
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  },
);
