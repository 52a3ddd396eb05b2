// Access requests: an org member asks for a role in a workspace they have none in; its admins (and
// the org's) are emailed and approve or deny; the requester is emailed the outcome. Each change is
// one transaction with its event and its email (a notice), so none is made without the other.
import { config } from '../../shared/config.js';
import type { PageQuery } from '../../shared/http/schemas.js';
import { decodeCursor, encodeCursor } from '../../shared/table/page-cursor.js';
import type { Step } from '../../shared/table/steps.js';
import type { AuditAction } from '../../shared/vocabulary/audit-actions.js';
import { ConflictError, NotFoundError } from '../../shared/vocabulary/errors.js';
import { newId, nowIso } from '../../shared/vocabulary/ids.js';
import { orgRolesWith, type RoleKey } from '../../shared/vocabulary/policy.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import { commit } from '../audit/audit-steps.js';
import {
  membershipFailure,
  requireOrgPermission,
  requireWorkspacePermission,
  WORKSPACE_NOT_FOUND,
  workspaceRoleOf,
} from '../members/access.js';
import * as memberSteps from '../members/member-steps.js';
import { queueNotice } from '../notices/notice-steps.js';
import type { QuotaWindow } from '../quotas/quota-entity.js';
import { quotaRefusal } from '../quotas/quota-refusal.js';
import * as quotaSteps from '../quotas/quota-steps.js';
import { isDiscoverable } from '../workspaces/workspace-service.js';
import * as workspaceSteps from '../workspaces/workspace-steps.js';
import { requestCreatedEmail, requestDecidedEmail } from './access-request-emails.js';
import {
  ACCESS_REQUEST_LIFETIME_DAYS,
  type AccessRequestRecord,
  effectiveStatus,
  PENDING_ACCESS_REQUEST_LIMIT,
} from './access-request-entity.js';
import * as accessRequestSteps from './access-request-steps.js';
import * as store from './access-request-store.js';
import { accessRequestErrors } from './errors.js';
import type { AccessRequest, CreateAccessRequestInput, ListAccessRequestsQuery } from './schemas.js';

const DAY_MS = 86_400_000;
/** Re-reads of the requester's count when a concurrent request of theirs changed it first. */
const COUNT_ATTEMPTS = 3;
const REQUEST_NOT_FOUND = 'Access request';

const conflict = (spec: { code: string; message: string }) => new ConflictError(spec.code, spec.message);

export function toAccessRequest(record: AccessRequestRecord, now = nowIso()): AccessRequest {
  return {
    id: record.id,
    org_id: record.org_id,
    workspace_id: record.workspace_id,
    workspace_name: record.workspace_name,
    requester: { id: record.requester_id, email: record.requester_email, name: record.requester_name },
    role: record.role,
    message: record.message,
    status: effectiveStatus(record, now),
    created_at: record.created_at,
    expires_at: record.expires_at,
    decided_by: record.decided_by,
    decided_at: record.decided_at,
    granted_role: record.granted_role,
    reason: record.reason,
  };
}

const requestTarget = (request: AccessRequestRecord) => ({ type: 'access_request', id: request.id });
const workspaceTarget = (request: AccessRequestRecord) => ({ type: 'workspace', id: request.workspace_id, name: request.workspace_name });
const requesterTarget = (request: AccessRequestRecord) => ({
  type: 'user',
  id: request.requester_id,
  ...(request.requester_name ? { name: request.requester_name } : {}),
});

function requestEvent(principal: Principal, request: AccessRequestRecord, action: AuditAction, at: string, to: string) {
  return auditEvent(principal, {
    action,
    orgId: request.org_id,
    workspaceId: request.workspace_id,
    targets: [requestTarget(request), requesterTarget(request), workspaceTarget(request)],
    changes: { status: { from: action === 'access_request.created' ? null : 'pending', to } },
    source: 'access_request',
    at,
  });
}

/** The requester's hourly and daily caps on requests, each of which emails a workspace's admins. */
function emailQuotaSteps(userId: string, now: string): Step<QuotaWindow>[] {
  const limits = config().accessRequestEmailsPerRequester;
  return (['hour', 'day'] as const).map((window) =>
    quotaSteps.count(window, { scope: 'access_requester', subject: userId, window, limit: limits[window] }, now),
  );
}

export async function createAccessRequest(
  principal: Principal,
  orgId: string,
  workspaceId: string,
  input: CreateAccessRequestInput,
): Promise<AccessRequest> {
  const user = requireUser(principal);
  for (let attempt = 1; ; attempt++) {
    const now = nowIso();
    const { member, workspace, org, guard, counter } = await store.getForCreate(orgId, workspaceId, user.userId);
    requireOrgPermission(member, 'org:read');
    if (!workspace) throw new NotFoundError(WORKSPACE_NOT_FOUND);
    if (workspaceRoleOf(member!, workspaceId)) throw conflict(accessRequestErrors.alreadyMember);
    // Hidden from non-members: the same answer as a workspace that does not exist.
    if (!isDiscoverable(workspace)) throw new NotFoundError(WORKSPACE_NOT_FOUND);
    if (guard && guard.expires_at > now) throw conflict(accessRequestErrors.pending);
    const live = Object.entries(counter?.pending ?? {}).filter(([, expiresAt]) => expiresAt > now);
    if (live.length >= PENDING_ACCESS_REQUEST_LIMIT) throw conflict(accessRequestErrors.limitReached);

    const request: AccessRequestRecord = {
      id: newId(Date.parse(now)),
      org_id: orgId,
      workspace_id: workspaceId,
      workspace_name: workspace.name,
      requester_id: user.userId,
      requester_email: member!.email,
      requester_name: member!.name,
      role: input.role,
      message: input.message ?? null,
      status: 'pending',
      created_at: now,
      expires_at: new Date(Date.parse(now) + ACCESS_REQUEST_LIFETIME_DAYS * DAY_MS).toISOString(),
      decided_by: null,
      decided_at: null,
      granted_role: null,
      reason: null,
    };
    const outcome = await commit(
      [
        memberSteps.actorHolds(orgId, user.userId, orgRolesWith('org:read')),
        workspaceSteps.exists('workspace', orgId, workspaceId),
        ...accessRequestSteps.create(request, { ...Object.fromEntries(live), [request.id]: request.expires_at }, counter?.version),
        ...emailQuotaSteps(user.userId, now),
        queueNotice(
          {
            orgId,
            kind: 'access_request.created',
            audience: { workspaceAdmins: workspaceId },
            ...requestCreatedEmail(request, org?.name ?? orgId),
          },
          now,
        ),
      ],
      [requestEvent(principal, request, 'access_request.created', now, 'pending')],
    );
    if (outcome.ok) return toAccessRequest(request, now);
    switch (outcome.label) {
      case 'actor':
        throw membershipFailure(outcome);
      case 'workspace':
        throw new NotFoundError(WORKSPACE_NOT_FOUND);
      case 'access_request_pending':
        throw conflict(accessRequestErrors.pending);
      case 'hour':
      case 'day': {
        const window = outcome.label;
        const limit = config().accessRequestEmailsPerRequester[window];
        throw quotaRefusal(
          accessRequestErrors.tooManyEmails.code,
          window,
          now,
          `You have made ${limit} access requests ${window === 'hour' ? 'this hour' : 'today (days are UTC)'}, the most one person may.`,
        );
      }
      case 'counter':
        // Another request of theirs changed the count since it was read: read it again.
        if (attempt < COUNT_ATTEMPTS) continue;
        throw conflict({ code: 'concurrent_modification', message: 'Your access requests changed at the same time. Try again.' });
      case 'new_item':
      case 'notice_queued':
        throw new Error('A freshly generated access request id collided');
    }
  }
}

export async function listAccessRequests(principal: Principal, orgId: string, workspaceId: string, query: ListAccessRequestsQuery) {
  const user = requireUser(principal);
  const scope = ['access-requests', orgId, workspaceId, query.status ?? ''];
  const now = nowIso();
  const result = await store.listForWorkspace(orgId, workspaceId, user.userId, {
    limit: query.limit,
    after: decodeCursor(query.cursor, scope),
    status: query.status,
    now,
  });
  requireWorkspacePermission(result.member, workspaceId, 'access_request:manage');
  // An org admin has a role in every workspace id: one that does not exist (or is another org's) is still a 404.
  if (!result.workspaceExists) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  return { data: result.items.map((request) => toAccessRequest(request, now)), next_cursor: encodeCursor(result.lastId, scope) };
}

export async function listMyAccessRequests(principal: Principal, page: PageQuery) {
  const user = requireUser(principal);
  const scope = ['my-access-requests', user.userId];
  const after = decodeCursor(page.cursor, scope);
  const [org_id, workspace_id, id] = after?.split('/') ?? [];
  const result = await store.listOfRequester(
    user.userId,
    page.limit,
    org_id && workspace_id && id ? { org_id, workspace_id, id } : undefined,
  );
  const now = nowIso();
  const position = result.after && `${result.after.org_id}/${result.after.workspace_id}/${result.after.id}`;
  return { data: result.items.map((request) => toAccessRequest(request, now)), next_cursor: encodeCursor(position, scope) };
}

/** The requester cancels their own pending request, with no read: the request's own condition says whose it is. */
export async function cancelAccessRequest(principal: Principal, orgId: string, workspaceId: string, requestId: string): Promise<void> {
  const user = requireUser(principal);
  const now = nowIso();
  const known = { org_id: orgId, workspace_id: workspaceId, id: requestId, requester_id: user.userId };
  // Only the fields the closing writes and the event names are known without a read.
  const closed = {
    ...known,
    status: 'cancelled',
    decided_by: user.userId,
    decided_at: now,
    granted_role: null,
    reason: null,
  } as AccessRequestRecord;
  const event = auditEvent(principal, {
    action: 'access_request.cancelled',
    orgId,
    workspaceId,
    targets: [
      requestTarget(closed),
      { type: 'user', id: user.userId, ...(user.name ? { name: user.name } : {}) },
      { type: 'workspace', id: workspaceId },
    ],
    changes: { status: { from: 'pending', to: 'cancelled' } },
    source: 'access_request',
    at: now,
  });
  const outcome = await commit(accessRequestSteps.close(closed, now, user.userId), [event]);
  if (outcome.ok) return;
  // Someone else's request is as invisible as one that does not exist.
  if (!outcome.item || outcome.item.requester_id !== user.userId) throw new NotFoundError(REQUEST_NOT_FOUND);
  throw conflict(accessRequestErrors.closed);
}

type Decision = { status: 'approved'; role?: RoleKey } | { status: 'denied'; reason?: string };

export async function decideAccessRequest(
  principal: Principal,
  orgId: string,
  workspaceId: string,
  requestId: string,
  decision: Decision,
): Promise<AccessRequest> {
  const user = requireUser(principal);
  const now = nowIso();
  const { member, request, org } = await store.getForDecision(orgId, workspaceId, requestId, user.userId);
  requireWorkspacePermission(member, workspaceId, 'access_request:manage');
  if (!request) throw new NotFoundError(REQUEST_NOT_FOUND);
  if (effectiveStatus(request, now) !== 'pending') throw conflict(accessRequestErrors.closed);
  // An admin of the workspace has a role there already: nothing left to grant them.
  if (request.requester_id === user.userId) throw conflict(accessRequestErrors.requesterGone);

  const approved = decision.status === 'approved';
  const grantedRole = approved ? (decision.role ?? request.role) : null;
  const next: AccessRequestRecord = {
    ...request,
    status: decision.status,
    decided_by: user.userId,
    decided_at: now,
    granted_role: grantedRole,
    reason: decision.status === 'denied' ? (decision.reason ?? null) : null,
  };
  const events = [requestEvent(principal, next, approved ? 'access_request.approved' : 'access_request.denied', now, decision.status)];
  if (grantedRole)
    events.push(
      auditEvent(principal, {
        action: 'workspace_member.added',
        orgId,
        workspaceId,
        targets: [requesterTarget(request), workspaceTarget(request)],
        changes: { role: { from: null, to: grantedRole } },
        source: 'access_request',
        at: now,
      }),
    );
  const outcome = await commit(
    [
      memberSteps.actorHolds(orgId, user.userId, orgRolesWith('access_request:manage'), workspaceId),
      ...accessRequestSteps.close(next, now),
      ...(grantedRole
        ? [
            memberSteps.grantWorkspaceUnread(orgId, request.requester_id, workspaceId, grantedRole),
            workspaceSteps.exists('workspace', orgId, workspaceId),
          ]
        : []),
      queueNotice(
        {
          orgId,
          kind: `access_request.${decision.status}`,
          audience: { to: request.requester_email },
          ...requestDecidedEmail(next, org?.name ?? orgId),
        },
        now,
      ),
    ],
    events,
  );
  if (outcome.ok) return toAccessRequest(next, now);
  switch (outcome.label) {
    case 'actor':
      throw membershipFailure(outcome);
    case 'access_request':
      throw conflict(accessRequestErrors.closed);
    case 'member':
      throw conflict(accessRequestErrors.requesterGone);
    case 'workspace':
      throw new NotFoundError(WORKSPACE_NOT_FOUND);
    case 'notice_queued':
      throw new Error('A freshly generated notice id collided');
  }
  throw new Error(`Unexplained failure: ${outcome.label}`);
}
