// The reads and transactions behind join requests. The requester's own calls read everything the
// decision rests on with join-store's readJoinContext; an admin's read their membership with the
// request in one BatchGetItem; every write re-checks it all with the change's events and emails.
import { batchGet } from '../../shared/table/batch-get.js';
import { personIndexPage, queryRange, toRangePage } from '../../shared/table/query-page.js';
import { type Expression, steps } from '../../shared/table/steps.js';
import type { TransactOutcome } from '../../shared/table/transact.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { commit } from '../audit/audit-steps.js';
import type { MemberRecord } from '../members/member-entity.js';
import { memberEntity } from '../members/member-entity.js';
import * as memberSteps from '../members/member-steps.js';
import { type NoticeInput, queueNotice } from '../notices/notice-steps.js';
import { type JoinRequestRecord, joinRequestEntity, joinRequestRanges } from './join-request-entity.js';
import * as requestSteps from './join-request-steps.js';
import { defaultJoinSettings, joinSettingsEntity } from './join-settings-entity.js';
import * as joinSteps from './join-steps.js';
import { firstWorkspace, joinOrg, orgKey, parseOrg } from './join-store.js';
import type { JoinRequestStatus } from './join-terms.js';

export type CreateFailure = 'new_item' | 'join_request_pending' | 'domain' | 'join_mode' | 'blocked' | 'already_member' | 'join_request';

/**
 * The request, its guard and the admins' email, if the domain is still the org's, its mode still
 * takes requests, the person was not removed and is not a member; an expired request it replaces
 * is closed as expired in the same transaction.
 */
export function createRequest(
  request: JoinRequestRecord,
  domain: string,
  replacing: JoinRequestRecord | undefined,
  notice: NoticeInput,
  events: AuditEventRecord[],
): Promise<TransactOutcome<CreateFailure | 'notice_queued'>> {
  const { org_id: orgId } = request;
  return commit<CreateFailure | 'notice_queued'>(
    [
      ...requestSteps.create(request, request.created_at),
      ...(replacing ? [requestSteps.close(replacing, { status: 'expired', at: request.created_at })] : []),
      joinSteps.domainStillOwned(orgId, domain),
      joinSteps.modeStillIn(orgId, ['suggest', 'auto']),
      joinSteps.notBlocked(orgId, request.email, 'removed'),
      steps.check('already_member', memberEntity.key({ org_id: orgId, user_id: request.user_id }), {
        expression: 'attribute_not_exists(#key)',
        names: { '#key': 'pk' },
      }),
      queueNotice(notice, request.created_at),
    ],
    events,
  );
}

/** The requester cancels their own pending request: no read, the condition names them. */
export function cancelRequest(orgId: string, requestId: string, userId: string, at: string, events: AuditEventRecord[]) {
  const request = { org_id: orgId, id: requestId, user_id: userId };
  return commit(
    [requestSteps.close(request, { status: 'cancelled', at, requesterId: userId }), requestSteps.releaseGuard(request)],
    events,
  );
}

/** A request marked expired on its own (found so by whoever touched it), guard and all. */
export function expireRequest(request: JoinRequestRecord, at: string, events: AuditEventRecord[]) {
  return commit([requestSteps.close(request, { status: 'expired', at }), requestSteps.releaseGuard(request)], events);
}

/** What an admin's answer rests on: their membership, the request, the org, its settings and first workspace. */
export async function readForDecision(orgId: string, actorId: string, requestId: string, withFirstWorkspace: boolean) {
  const keys = {
    actor: memberEntity.key({ org_id: orgId, user_id: actorId }),
    request: joinRequestEntity.key({ org_id: orgId, id: requestId }),
    org: orgKey(orgId),
    settings: joinSettingsEntity.key({ org_id: orgId }),
  };
  const [found, first] = await Promise.all([batchGet(Object.values(keys)), withFirstWorkspace ? firstWorkspace(orgId) : undefined]);
  return {
    actor: memberEntity.parseOptional(found.get(keys.actor)),
    request: joinRequestEntity.parseOptional(found.get(keys.request)),
    org: parseOrg(found.get(keys.org)),
    settings: joinSettingsEntity.parseOptional(found.get(keys.settings)) ?? defaultJoinSettings(orgId),
    firstWorkspace: first,
  };
}

const answerSteps = (
  request: JoinRequestRecord,
  closed: JoinRequestRecord,
  actorId: string,
  admins: Parameters<typeof memberSteps.actorHolds>[2],
) => [
  memberSteps.actorHolds(request.org_id, actorId, admins),
  requestSteps.close(request, {
    status: closed.status as 'approved' | 'denied',
    at: closed.updated_at,
    decidedBy: actorId,
    role: closed.role,
    reason: closed.reason,
  }),
  requestSteps.releaseGuard(request),
];

/** Approves: the membership (with its workspace grant), the request closed, the block lifted, the requester told. */
export function approveRequest(
  request: JoinRequestRecord,
  closed: JoinRequestRecord,
  member: MemberRecord,
  actorId: string,
  admins: Parameters<typeof memberSteps.actorHolds>[2],
  notice: NoticeInput,
  events: AuditEventRecord[],
) {
  return joinOrg(
    member,
    [
      ...answerSteps(request, closed, actorId, admins),
      joinSteps.unblock('join_request', request.org_id, request.email),
      queueNotice(notice, closed.updated_at),
    ],
    events,
  );
}

export function denyRequest(
  request: JoinRequestRecord,
  closed: JoinRequestRecord,
  actorId: string,
  admins: Parameters<typeof memberSteps.actorHolds>[2],
  notice: NoticeInput,
  events: AuditEventRecord[],
) {
  return commit([...answerSteps(request, closed, actorId, admins), queueNotice(notice, closed.updated_at)], events);
}

/** The SQL-less form of a status filter: pending and expired are told apart by the clock. */
function statusFilter(status: JoinRequestStatus | undefined, now: string): Expression | undefined {
  const names = { '#status': 'status' };
  switch (status) {
    case undefined:
      return undefined;
    case 'pending':
      return { expression: '#status = :pending AND expires_at > :now', names, values: { ':pending': 'pending', ':now': now } };
    case 'expired':
      return {
        expression: '#status = :expired OR (#status = :pending AND expires_at <= :now)',
        names,
        values: { ':expired': 'expired', ':pending': 'pending', ':now': now },
      };
    default:
      return { expression: '#status = :status', names, values: { ':status': status } };
  }
}

/** The caller's membership and a page of the org's requests (oldest first), in parallel. */
export async function listRequestsWithMembership(
  orgId: string,
  userId: string,
  status: JoinRequestStatus | undefined,
  now: string,
  limit: number,
  afterId?: string,
) {
  const range = joinRequestRanges.requestsOfOrg(orgId);
  const memberKey = memberEntity.key({ org_id: orgId, user_id: userId });
  const [found, result] = await Promise.all([batchGet([memberKey]), queryRange(range, limit, afterId, statusFilter(status, now))]);
  const page = toRangePage(
    result,
    range,
    limit,
    (item) => joinRequestEntity.parse(item),
    (request) => request.id,
  );
  return { member: memberEntity.parseOptional(found.get(memberKey)), requests: page.items, lastId: page.lastId };
}

/** A page of a person's own requests, across orgs, oldest first (the person index); `after` names the last one seen. */
export async function listRequestsOfRequester(userId: string, limit: number, after?: { orgId: string; requestId: string }) {
  const range = joinRequestRanges.requestsOfRequester(userId);
  const { items, continueAfter } = await personIndexPage(
    range,
    limit,
    (item) => joinRequestEntity.parse(item),
    after && { key: joinRequestEntity.key({ org_id: after.orgId, id: after.requestId }), sortKey: range.prefix + after.requestId },
  );
  return { items, after: continueAfter };
}

export const parseRequest = (item: Record<string, unknown>) => joinRequestEntity.parse(item);
