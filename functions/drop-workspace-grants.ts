// DynamoDB Streams consumer: when a workspace is deleted, its grants leave the members' records,
// so member lists never name a workspace that is gone, and its queued cleanup is taken off the
// queue. Deleting a workspace cannot do this in its own transaction: the number of members holding
// a grant has no bound. A record this consumer never gets (or gives up on) is left to the sweep,
// functions/sweep-workspace-grants.ts, which runs the same cleanup once it is due.

import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { cleanUpDeletedWorkspace } from '../features/members/grant-cleanup-service.js';
import { backgroundFunction } from '../shared/observability/background-function.js';
import { errorFields, log } from '../shared/observability/log.js';
import { systemPrincipal } from '../shared/vocabulary/principal.js';

export const handler = backgroundFunction(
  'drop-workspace-grants',
  async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
    const job = { ...systemPrincipal('drop-workspace-grants'), origin: { requestId: context?.awsRequestId ?? 'stream' } };
    for (const record of event.Records) {
      const orgId = record.dynamodb?.OldImage?.org_id?.S;
      const workspaceId = record.dynamodb?.OldImage?.id?.S;
      if (!orgId || !workspaceId) continue;
      try {
        await cleanUpDeletedWorkspace(orgId, workspaceId, job);
      } catch (error) {
        log('error', 'drop_workspace_grants_failed', { org_id: orgId, workspace_id: workspaceId, error: errorFields(error) });
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  },
);
