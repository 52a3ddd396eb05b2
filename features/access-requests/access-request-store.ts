// Reads and transactions of access requests.
import { batchGet } from '../../shared/table/batch-get.js';
import { personIndexPage, queryRange, toRangePage } from '../../shared/table/query-page.js';
import type { Expression } from '../../shared/table/steps.js';
import { memberEntity } from '../members/member-entity.js';
import { orgEntity } from '../organizations/org-entity.js';
import { workspaceEntity } from '../workspaces/workspace-entity.js';
import {
  type AccessRequestRecord,
  type AccessRequestStatus,
  accessRequestCounter,
  accessRequestEntity,
  accessRequestRanges,
  pendingAccessRequestGuard,
} from './access-request-entity.js';

/** What making a request depends on, in one BatchGetItem. */
export async function getForCreate(orgId: string, workspaceId: string, userId: string) {
  const keys = {
    member: memberEntity.key({ org_id: orgId, user_id: userId }),
    workspace: workspaceEntity.key({ org_id: orgId, id: workspaceId }),
    org: orgEntity.key({ id: orgId }),
    guard: pendingAccessRequestGuard.key({ org_id: orgId, workspace_id: workspaceId, requester_id: userId }),
    counter: accessRequestCounter.key({ org_id: orgId, requester_id: userId }),
  };
  const found = await batchGet(Object.values(keys));
  return {
    member: memberEntity.parseOptional(found.get(keys.member)),
    workspace: workspaceEntity.parseOptional(found.get(keys.workspace)),
    org: orgEntity.parseOptional(found.get(keys.org)),
    guard: pendingAccessRequestGuard.parseOptional(found.get(keys.guard)),
    counter: accessRequestCounter.parseOptional(found.get(keys.counter)),
  };
}

/** What deciding a request depends on: the caller's membership, the request and the org (its name for the email), in one BatchGetItem. */
export async function getForDecision(orgId: string, workspaceId: string, requestId: string, userId: string) {
  const keys = {
    member: memberEntity.key({ org_id: orgId, user_id: userId }),
    request: accessRequestEntity.key({ org_id: orgId, workspace_id: workspaceId, id: requestId }),
    org: orgEntity.key({ id: orgId }),
  };
  const found = await batchGet(Object.values(keys));
  return {
    member: memberEntity.parseOptional(found.get(keys.member)),
    request: accessRequestEntity.parseOptional(found.get(keys.request)),
    org: orgEntity.parseOptional(found.get(keys.org)),
  };
}

/** Stored status conditions for a status as readers see it (a pending request past its expiry is expired). */
function statusFilter(status: AccessRequestStatus | undefined, now: string): Expression | undefined {
  if (!status) return undefined;
  const names = { '#status': 'status' };
  if (status === 'pending')
    return { expression: '#status = :pending AND expires_at > :now', names, values: { ':pending': 'pending', ':now': now } };
  if (status === 'expired')
    return { expression: '#status = :pending AND expires_at <= :now', names, values: { ':pending': 'pending', ':now': now } };
  return { expression: '#status = :status', names, values: { ':status': status } };
}

/** The caller's membership with the workspace (one BatchGetItem) and a page of its requests, in parallel. */
export async function listForWorkspace(
  orgId: string,
  workspaceId: string,
  userId: string,
  page: { limit: number; after?: string; status?: AccessRequestStatus; now: string },
) {
  const range = accessRequestRanges.requestsForWorkspace(orgId, workspaceId);
  const memberKey = memberEntity.key({ org_id: orgId, user_id: userId });
  const workspaceKey = workspaceEntity.key({ org_id: orgId, id: workspaceId });
  const [found, result] = await Promise.all([
    batchGet([memberKey, workspaceKey]),
    queryRange(range, page.limit, page.after, statusFilter(page.status, page.now)),
  ]);
  return {
    member: memberEntity.parseOptional(found.get(memberKey)),
    workspaceExists: found.get(workspaceKey) !== undefined,
    ...toRangePage(result, range, page.limit, accessRequestEntity.parse, (request) => request.id),
  };
}

/** Where a page of a person's requests stops: enough to rebuild the index position. */
export type RequesterPosition = Pick<AccessRequestRecord, 'org_id' | 'workspace_id' | 'id'>;

/** A page of a person's own requests, oldest first, from the person index. */
export async function listOfRequester(userId: string, limit: number, after?: RequesterPosition) {
  const range = accessRequestRanges.requestsOfRequester(userId);
  const { items, continueAfter } = await personIndexPage(
    range,
    limit,
    accessRequestEntity.parse,
    after && { key: accessRequestEntity.key(after), sortKey: after.id },
  );
  return {
    items,
    after: continueAfter && { org_id: continueAfter.org_id, workspace_id: continueAfter.workspace_id, id: continueAfter.id },
  };
}
