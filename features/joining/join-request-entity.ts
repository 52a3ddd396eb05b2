// A person's request to join an org whose verified domain their address is at, and the guard that
// keeps one pending per person and org. The request sits in the org's partition (the admins' list
// is one Query) and in the person index under the requester (their own list is one Query).
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';
import { ROLE_KEYS } from '../../shared/vocabulary/policy.js';
import { JOIN_REQUEST_STATUSES, type JoinRequestStatus } from './join-terms.js';

const joinRequestRecord = shape.object({
  id: shape.string,
  org_id: shape.string,
  user_id: shape.string,
  email: shape.string,
  name: shape.nullable(shape.string),
  message: shape.nullable(shape.string),
  /** As stored: a pending request past expires_at is expired, whether or not this says so yet. */
  status: shape.oneOf(JOIN_REQUEST_STATUSES),
  /** The role it was approved with. */
  role: shape.nullable(shape.oneOf(ROLE_KEYS)),
  /** The admin's reason for a denial, shown to the requester. */
  reason: shape.nullable(shape.string),
  decided_by: shape.nullable(shape.string),
  created_at: shape.string,
  updated_at: shape.string,
  expires_at: shape.string,
});

export type JoinRequestRecord = Stored<typeof joinRequestRecord>;

export const joinRequestEntity = defineEntity({
  type: 'join_request',
  shape: joinRequestRecord,
  key: (request: Pick<JoinRequestRecord, 'org_id' | 'id'>) => ({ pk: orgPartition(request.org_id), sk: PREFIXES.joinRequest + request.id }),
  indexKeys: (request) => ({ gsi1pk: PREFIXES.joinRequester + request.user_id, gsi1sk: PREFIXES.joinRequest + request.id }),
});

/** Held while a person's request to the org is pending; replaced once that one has expired. */
export const pendingJoinRequestGuard = defineEntity({
  type: 'join_request_pending',
  shape: shape.object({ request_id: shape.string, expires_at: shape.string }),
  key: (guard: { org_id: string; user_id: string }) => ({
    pk: orgPartition(guard.org_id),
    sk: PREFIXES.pendingJoinRequest + guard.user_id,
  }),
});

export const joinRequestRanges = {
  requestsOfOrg: (orgId: string) => ({ partition: orgPartition(orgId), prefix: PREFIXES.joinRequest }),
  requestsOfRequester: (userId: string) => ({ partition: PREFIXES.joinRequester + userId, prefix: PREFIXES.joinRequest }),
};

/** The status a person sees: a pending request past its time is expired. */
export const effectiveStatus = (request: Pick<JoinRequestRecord, 'status' | 'expires_at'>, now: string): JoinRequestStatus =>
  request.status === 'pending' && request.expires_at <= now ? 'expired' : request.status;
