// A request by an org member for access to a workspace of the org, and the two items that keep
// requests in bounds: the one pending request of a person for a workspace (its guard), and the
// person's pending requests across the org (a counter of at most 20 live ones). A pending request
// expires 30 days after it was made: from then on it reads as `expired`, its guard no longer
// blocks a new one and it no longer counts; DynamoDB deletes it 30 days after that.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';
import { ROLE_KEYS } from '../../shared/vocabulary/policy.js';
import { ACCESS_REQUEST_LIFETIME_DAYS, type AccessRequestStatus, REQUESTABLE_ROLES } from './access-request-terms.js';

export { ACCESS_REQUEST_LIFETIME_DAYS, type AccessRequestStatus, PENDING_ACCESS_REQUEST_LIMIT } from './access-request-terms.js';

const accessRequestRecord = shape.object({
  id: shape.string,
  org_id: shape.string,
  workspace_id: shape.string,
  /** The workspace's name when the request was made, for the requester's own list. */
  workspace_name: shape.string,
  requester_id: shape.string,
  requester_email: shape.string,
  requester_name: shape.nullable(shape.string),
  role: shape.oneOf(REQUESTABLE_ROLES),
  message: shape.nullable(shape.string),
  /** As stored: a pending request past `expires_at` is read as expired. */
  status: shape.oneOf(['pending', 'approved', 'denied', 'cancelled'] as const),
  created_at: shape.string,
  expires_at: shape.string,
  decided_by: shape.nullable(shape.string),
  decided_at: shape.nullable(shape.string),
  /** The role granted on approval (an approver may grant another than the one asked for). */
  granted_role: shape.nullable(shape.oneOf(ROLE_KEYS)),
  reason: shape.nullable(shape.string),
});

export type AccessRequestRecord = Stored<typeof accessRequestRecord>;

const requesterIndexKey = (request: Pick<AccessRequestRecord, 'requester_id' | 'id'>) => ({
  gsi1pk: PREFIXES.requester + request.requester_id,
  gsi1sk: request.id,
});

export const accessRequestEntity = defineEntity({
  type: 'access_request',
  shape: accessRequestRecord,
  key: (request: Pick<AccessRequestRecord, 'org_id' | 'workspace_id' | 'id'>) => ({
    pk: orgPartition(request.org_id),
    sk: `${PREFIXES.accessRequest}${request.workspace_id}#${request.id}`,
  }),
  indexKeys: requesterIndexKey,
  expiresAt: (request) => ({ at: request.expires_at, plusDays: ACCESS_REQUEST_LIFETIME_DAYS }),
});

/** What a reader sees: a pending request past its expiry is expired. */
export function effectiveStatus(request: Pick<AccessRequestRecord, 'status' | 'expires_at'>, now: string): AccessRequestStatus {
  return request.status === 'pending' && request.expires_at <= now ? 'expired' : request.status;
}

/** Held while a person's request for a workspace is pending; one that has expired no longer blocks a new one. */
export const pendingAccessRequestGuard = defineEntity({
  type: 'access_request_pending',
  shape: shape.object({ request_id: shape.string, expires_at: shape.string }),
  key: (guard: { org_id: string; workspace_id: string; requester_id: string }) => ({
    pk: orgPartition(guard.org_id),
    sk: `${PREFIXES.pendingAccessRequest}${guard.workspace_id}#${guard.requester_id}`,
  }),
});

/** A person's pending requests in the org, by id, with when each expires; `version` makes its writes conditional on what was read. */
export const accessRequestCounter = defineEntity({
  type: 'access_request_count',
  shape: shape.object({ pending: shape.record(shape.string), version: shape.number }),
  key: (counter: { org_id: string; requester_id: string }) => ({
    pk: orgPartition(counter.org_id),
    sk: PREFIXES.accessRequestCount + counter.requester_id,
  }),
});

export const accessRequestRanges = {
  requestsForWorkspace: (orgId: string, workspaceId: string) => ({
    partition: orgPartition(orgId),
    prefix: `${PREFIXES.accessRequest}${workspaceId}#`,
  }),
  requestsOfRequester: (userId: string) => ({ partition: PREFIXES.requester + userId, prefix: '' }),
};
