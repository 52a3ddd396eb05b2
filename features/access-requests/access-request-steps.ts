// The write steps of access requests: making one (with its guard and the requester's count) and
// closing one (the request moves on from pending, its guard goes, the count forgets it).
import { conditions, steps } from '../../shared/table/steps.js';
import { type AccessRequestRecord, accessRequestCounter, accessRequestEntity, pendingAccessRequestGuard } from './access-request-entity.js';

const guardKey = (request: AccessRequestRecord) =>
  pendingAccessRequestGuard.key({ org_id: request.org_id, workspace_id: request.workspace_id, requester_id: request.requester_id });
const counterKey = (request: Pick<AccessRequestRecord, 'org_id' | 'requester_id'>) =>
  accessRequestCounter.key({ org_id: request.org_id, requester_id: request.requester_id });

/**
 * The request, its guard (free, or held by one that has expired) and the requester's count as it
 * will be (`pending`: their live requests with this one), written over the count that was read.
 */
export const create = (request: AccessRequestRecord, pending: Record<string, string>, readVersion: number | undefined) => [
  steps.put('new_item', accessRequestEntity.item(request), { condition: conditions.isNew }),
  steps.put(
    'access_request_pending',
    pendingAccessRequestGuard.item({
      org_id: request.org_id,
      workspace_id: request.workspace_id,
      requester_id: request.requester_id,
      request_id: request.id,
      expires_at: request.expires_at,
    }),
    {
      condition: {
        expression: 'attribute_not_exists(request_id) OR expires_at <= :now',
        values: { ':now': request.created_at },
      },
    },
  ),
  steps.put(
    'counter',
    accessRequestCounter.item({ org_id: request.org_id, requester_id: request.requester_id, pending, version: (readVersion ?? 0) + 1 }),
    {
      condition:
        readVersion === undefined ? conditions.isNew : { expression: 'version = :countVersion', values: { ':countVersion': readVersion } },
    },
  ),
];

/** Closes a request that is still pending and not expired at `now`, as `next` says; `requesterId` given, only theirs. */
export const close = (next: AccessRequestRecord, now: string, requesterId?: string) => [
  steps.update(
    'access_request',
    accessRequestEntity.key(next),
    {
      expression: 'SET #status = :status, decided_by = :by, decided_at = :at, granted_role = :granted, reason = :reason',
      names: { '#status': 'status' },
      values: {
        ':status': next.status,
        ':by': next.decided_by,
        ':at': next.decided_at,
        ':granted': next.granted_role,
        ':reason': next.reason,
      },
    },
    {
      condition: {
        expression: `#status = :pending AND expires_at > :now${requesterId ? ' AND requester_id = :requester' : ''}`,
        names: { '#status': 'status' },
        values: { ':pending': 'pending', ':now': now, ...(requesterId ? { ':requester': requesterId } : {}) },
      },
    },
  ),
  steps.delete('access_request', guardKey(next)),
  // Written with the request, so it is there; the condition keeps a stranger's cancel (whose own count may not exist) a 404.
  steps.update(
    'access_request',
    counterKey(next),
    { expression: 'REMOVE pending.#request ADD version :one', names: { '#request': next.id }, values: { ':one': 1 } },
    { condition: { expression: 'attribute_exists(pending)' } },
  ),
];
