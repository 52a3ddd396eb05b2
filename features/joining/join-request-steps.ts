// Writing join requests: a request and its pending guard move together, and every close of a
// request is conditioned on it still being pending (and, for an answer, not yet expired).
import { conditions, steps } from '../../shared/table/steps.js';
import { type JoinRequestRecord, joinRequestEntity, pendingJoinRequestGuard } from './join-request-entity.js';
import type { JoinRequestStatus } from './join-terms.js';

/** The request and its guard; the guard may replace one whose request has expired. */
export const create = (request: JoinRequestRecord, now: string) => [
  steps.put('new_item', joinRequestEntity.item(request), { condition: conditions.isNew }),
  steps.put(
    'join_request_pending',
    pendingJoinRequestGuard.item({
      org_id: request.org_id,
      user_id: request.user_id,
      request_id: request.id,
      expires_at: request.expires_at,
    }),
    { condition: { expression: 'attribute_not_exists(#key) OR expires_at <= :now', names: { '#key': 'pk' }, values: { ':now': now } } },
  ),
];

export interface Close {
  status: Exclude<JoinRequestStatus, 'pending'>;
  at: string;
  decidedBy?: string;
  role?: JoinRequestRecord['role'];
  reason?: string | null;
  /** Only the requester may cancel: the condition names them. */
  requesterId?: string;
}

/**
 * Closes a pending request. An answer or a cancellation also needs it unexpired; marking it
 * expired needs it expired.
 */
export function close(request: Pick<JoinRequestRecord, 'org_id' | 'id'>, change: Close) {
  const expiry =
    change.status === 'expired'
      ? { expression: 'expires_at <= :at', values: { ':at': change.at } }
      : { expression: 'expires_at > :at', values: { ':at': change.at } };
  return steps.update(
    'join_request',
    joinRequestEntity.key(request),
    {
      expression: 'SET #status = :status, updated_at = :at, decided_by = :decidedBy, #role = :role, reason = :reason',
      names: { '#status': 'status', '#role': 'role' },
      values: {
        ':status': change.status,
        ':at': change.at,
        ':decidedBy': change.decidedBy ?? null,
        ':role': change.role ?? null,
        ':reason': change.reason ?? null,
      },
    },
    {
      condition: conditions.all(
        { expression: '#status = :pending', names: { '#status': 'status' }, values: { ':pending': 'pending' } },
        expiry,
        change.requesterId ? { expression: 'user_id = :requester', values: { ':requester': change.requesterId } } : undefined,
      ),
    },
  );
}

/** Frees the person's pending guard, if it is still this request's (a newer request may hold it). */
export const releaseGuard = (request: Pick<JoinRequestRecord, 'org_id' | 'id' | 'user_id'>) =>
  steps.delete('join_request', pendingJoinRequestGuard.key({ org_id: request.org_id, user_id: request.user_id }), {
    condition: { expression: 'request_id = :requestId', values: { ':requestId': request.id } },
  });
