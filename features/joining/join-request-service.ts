// Join requests: a person whose verified address is at a domain an org verified asks to join it
// (in `suggest` or `auto` mode), the org's admins approve (with a role) or deny, and each side is
// emailed. To anyone else the org answers 404, as any org they cannot see. A request nobody
// answers expires after 30 days; whoever touches it then closes it as expired, with its event.
import type { PageQuery } from '../../shared/http/schemas.js';
import { decodeCursor, encodeCursor } from '../../shared/table/page-cursor.js';
import { ConflictError, NotFoundError } from '../../shared/vocabulary/errors.js';
import { newId, nowIso } from '../../shared/vocabulary/ids.js';
import { orgRolesWith, type Permission, type RoleKey } from '../../shared/vocabulary/policy.js';
import { type Principal, requireUser, type SystemPrincipal } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { membershipFailure, ORG_NOT_FOUND, requireOrgPermission } from '../members/access.js';
import { getOrgs } from '../organizations/org-store.js';
import { joiningErrors } from './errors.js';
import { joiningMember, memberAddedEvent, ownsDomain, verifiedDomainOf, workspaceChoices } from './join-by-domain.js';
import { requestAnsweredNotice, requestCreatedNotice } from './join-request-emails.js';
import { effectiveStatus, type JoinRequestRecord } from './join-request-entity.js';
import * as requests from './join-request-store.js';
import { orgKey, parseOrg, readJoinContext } from './join-store.js';
import { JOIN_REQUEST_LIFETIME_DAYS } from './join-terms.js';
import type { JoinRequest, ListJoinRequestsQuery, MyJoinRequest } from './schemas.js';

const PERMISSION: Permission = 'member:manage';
const REQUEST_NOT_FOUND = 'Join request';
const DAY_MS = 86_400_000;
const EXPIRY_JOB: SystemPrincipal = { type: 'system', job: 'join-request-expiry' };

const pending = () => new ConflictError(joiningErrors.pending.code, joiningErrors.pending.message);
const closed = (status: string) =>
  new ConflictError(joiningErrors.closed.code, `This join request is ${status}; only a pending request can be answered or cancelled.`);
const alreadyMember = () => new ConflictError(joiningErrors.alreadyMember.code, joiningErrors.alreadyMember.message);
const concurrentChange = () =>
  new ConflictError(
    'concurrent_modification',
    'The join request was changed by another request at the same time. Read it again and retry.',
  );

const requestTarget = (request: Pick<JoinRequestRecord, 'id'>) => ({ type: 'join_request', id: request.id });
const requesterTarget = (request: Pick<JoinRequestRecord, 'user_id' | 'name' | 'email'>) => ({
  type: 'user',
  id: request.user_id,
  name: request.name ?? request.email,
});

export function toJoinRequest(record: JoinRequestRecord, now = nowIso()): JoinRequest {
  const { id, org_id, user_id, email, name, message, role, reason, created_at, updated_at, expires_at } = record;
  return {
    id,
    org_id,
    user_id,
    email,
    name,
    message,
    status: effectiveStatus(record, now),
    role,
    reason,
    created_at,
    updated_at,
    expires_at,
  };
}

const expiredEvent = (request: Pick<JoinRequestRecord, 'id' | 'org_id' | 'user_id' | 'name' | 'email'>, at: string) =>
  auditEvent(EXPIRY_JOB, {
    action: 'join_request.expired',
    orgId: request.org_id,
    targets: [requestTarget(request), requesterTarget(request)],
    changes: { status: { from: 'pending', to: 'expired' } },
    at,
  });

export async function createJoinRequest(principal: Principal, orgId: string, input: { message?: string }): Promise<JoinRequest> {
  const person = requireUser(principal);
  const domain = verifiedDomainOf(person);
  if (domain === '') throw new NotFoundError(ORG_NOT_FOUND);
  const context = await readJoinContext(orgId, person, domain, { extraKeys: [orgKey(orgId)], withFirstWorkspace: false });
  const org = parseOrg(context.found.get(orgKey(orgId)));
  const open = context.settings.join_mode === 'suggest' || context.settings.join_mode === 'auto';
  if (!org || !ownsDomain(context.owner, orgId) || !open || context.block?.reason === 'removed') throw new NotFoundError(ORG_NOT_FOUND);
  if (context.member) throw alreadyMember();
  const now = nowIso();
  if (context.pending && context.pending.expires_at > now) throw pending();
  const request: JoinRequestRecord = {
    id: newId(),
    org_id: orgId,
    user_id: person.userId,
    email: person.email,
    name: person.name,
    message: input.message ?? null,
    status: 'pending',
    role: null,
    reason: null,
    decided_by: null,
    created_at: now,
    updated_at: now,
    expires_at: new Date(Date.parse(now) + JOIN_REQUEST_LIFETIME_DAYS * DAY_MS).toISOString(),
  };
  const replacing = context.pending ? { ...request, id: context.pending.request_id, expires_at: context.pending.expires_at } : undefined;
  const events = [
    ...(replacing ? [expiredEvent(replacing, now)] : []),
    auditEvent(principal, {
      action: 'join_request.created',
      orgId,
      targets: [requestTarget(request), requesterTarget(request)],
      at: now,
    }),
  ];
  const outcome = await requests.createRequest(request, domain, replacing, requestCreatedNotice(request, org.name), events);
  if (outcome.ok) return toJoinRequest(request, now);
  switch (outcome.label) {
    case 'join_request_pending':
      throw pending();
    case 'already_member':
      throw alreadyMember();
    case 'join_request':
      throw concurrentChange();
    case 'new_item':
    case 'notice_queued':
      throw new Error('A freshly generated join request id collided');
    default:
      throw new NotFoundError(ORG_NOT_FOUND);
  }
}

/** The requester's own; anyone else's request, or none, is a 404. */
export async function cancelJoinRequest(principal: Principal, orgId: string, requestId: string): Promise<void> {
  const person = requireUser(principal);
  const now = nowIso();
  const event = auditEvent(principal, {
    action: 'join_request.cancelled',
    orgId,
    targets: [requestTarget({ id: requestId }), { type: 'user', id: person.userId, name: person.name ?? person.email }],
    changes: { status: { from: 'pending', to: 'cancelled' } },
    at: now,
  });
  const outcome = await requests.cancelRequest(orgId, requestId, person.userId, now, [event]);
  if (outcome.ok) return;
  const found = outcome.item?.type === 'join_request' ? requests.parseRequest(outcome.item) : undefined;
  if (!found || found.user_id !== person.userId) throw new NotFoundError(REQUEST_NOT_FOUND);
  const status = effectiveStatus(found, now);
  if (status === 'expired' && found.status === 'pending') await requests.expireRequest(found, now, [expiredEvent(found, now)]);
  throw closed(status);
}

export async function listJoinRequests(principal: Principal, orgId: string, query: ListJoinRequestsQuery) {
  const scope = ['join-requests', orgId, query.status ?? 'all'];
  const now = nowIso();
  const result = await requests.listRequestsWithMembership(
    orgId,
    requireUser(principal).userId,
    query.status,
    now,
    query.limit,
    decodeCursor(query.cursor, scope),
  );
  requireOrgPermission(result.member, PERMISSION);
  return { data: result.requests.map((request) => toJoinRequest(request, now)), next_cursor: encodeCursor(result.lastId, scope) };
}

/** The request an admin answers, if it is still pending; an expired one is closed as such first. */
async function pendingForDecision(principal: Principal, orgId: string, requestId: string, joining: boolean) {
  const admin = requireUser(principal);
  const read = await requests.readForDecision(orgId, admin.userId, requestId, joining);
  requireOrgPermission(read.actor, PERMISSION);
  const { request, org } = read;
  if (!request || !org) throw new NotFoundError(REQUEST_NOT_FOUND);
  const now = nowIso();
  const status = effectiveStatus(request, now);
  if (status === 'expired' && request.status === 'pending') await requests.expireRequest(request, now, [expiredEvent(request, now)]);
  if (status !== 'pending') throw closed(status);
  return { admin, read: { ...read, request, org }, now };
}

function answerFailure(failure: { label: string; item: Record<string, unknown> | undefined }, now: string): Error {
  switch (failure.label) {
    case 'actor':
      return membershipFailure(failure);
    case 'already_member':
      return alreadyMember();
    case 'join_request': {
      const found = failure.item?.type === 'join_request' ? requests.parseRequest(failure.item) : undefined;
      return found ? closed(effectiveStatus(found, now)) : new NotFoundError(REQUEST_NOT_FOUND);
    }
    default:
      return new NotFoundError(ORG_NOT_FOUND);
  }
}

export async function approveJoinRequest(
  principal: Principal,
  orgId: string,
  requestId: string,
  input: { role?: RoleKey },
): Promise<JoinRequest> {
  const { admin, read, now } = await pendingForDecision(principal, orgId, requestId, true);
  const { request } = read;
  const role = input.role ?? read.settings.default_role;
  const approved: JoinRequestRecord = { ...request, status: 'approved', role, decided_by: admin.userId, updated_at: now };
  const person = { userId: request.user_id, email: request.email, name: request.name };
  for (const workspaceId of [...workspaceChoices(read.settings, read, role), undefined]) {
    const member = joiningMember(orgId, person, role, workspaceId, now);
    const events = [
      auditEvent(principal, {
        action: 'join_request.approved',
        orgId,
        targets: [requestTarget(request), requesterTarget(request)],
        changes: { status: { from: 'pending', to: 'approved' }, role: { from: null, to: role } },
        at: now,
      }),
      memberAddedEvent(principal, member, 'api', [requestTarget(request)]),
    ];
    const outcome = await requests.approveRequest(
      request,
      approved,
      member,
      admin.userId,
      orgRolesWith(PERMISSION),
      requestAnsweredNotice(approved, read.org.name),
      events,
    );
    if (outcome.ok) return toJoinRequest(approved, now);
    if (outcome.label !== 'workspace') throw answerFailure(outcome, now);
  }
  throw new Error('Approving without a workspace failed on a workspace');
}

export async function denyJoinRequest(
  principal: Principal,
  orgId: string,
  requestId: string,
  input: { reason?: string },
): Promise<JoinRequest> {
  const { admin, read, now } = await pendingForDecision(principal, orgId, requestId, false);
  const { request } = read;
  const denied: JoinRequestRecord = {
    ...request,
    status: 'denied',
    reason: input.reason ?? null,
    decided_by: admin.userId,
    updated_at: now,
  };
  const event = auditEvent(principal, {
    action: 'join_request.denied',
    orgId,
    targets: [requestTarget(request), requesterTarget(request)],
    changes: { status: { from: 'pending', to: 'denied' } },
    at: now,
  });
  const outcome = await requests.denyRequest(
    request,
    denied,
    admin.userId,
    orgRolesWith(PERMISSION),
    requestAnsweredNotice(denied, read.org.name),
    [event],
  );
  if (!outcome.ok) throw answerFailure(outcome, now);
  return toJoinRequest(denied, now);
}

const MY_CURSOR = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

/** One's own requests, across orgs, oldest first, with each org's current name. */
export async function listMyJoinRequests(
  principal: Principal,
  page: PageQuery,
): Promise<{ data: MyJoinRequest[]; next_cursor: string | null }> {
  const person = requireUser(principal);
  const scope = ['my-join-requests', person.userId];
  const [orgId, requestId] = decodeCursor(page.cursor, scope, (value) => MY_CURSOR.test(value))?.split('/') ?? [];
  const result = await requests.listRequestsOfRequester(person.userId, page.limit, orgId && requestId ? { orgId, requestId } : undefined);
  const orgs = await getOrgs([...new Set(result.items.map((request) => request.org_id))]);
  const now = nowIso();
  return {
    data: result.items.map((request) => {
      const { id, message, role, reason, created_at, updated_at, expires_at } = request;
      const org = { id: request.org_id, name: orgs.get(request.org_id)?.name ?? '' };
      return { id, org, message, status: effectiveStatus(request, now), role, reason, created_at, updated_at, expires_at };
    }),
    next_cursor: encodeCursor(result.after && `${result.after.org_id}/${result.after.id}`, scope),
  };
}
