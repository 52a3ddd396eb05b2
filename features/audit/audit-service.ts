// Reading the audit log (newest first, filtered) and the event feed (oldest first, resumable).
// Org admins read the org's log and feed; workspace admins their workspace's log.
import { config } from '../../shared/config.js';
import { decodeCursor, encodeCursor } from '../../shared/table/page-cursor.js';
import type { Expression } from '../../shared/table/steps.js';
import { conditions } from '../../shared/table/steps.js';
import { NotFoundError } from '../../shared/vocabulary/errors.js';
import { idBoundAt } from '../../shared/vocabulary/ids.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { requireOrgPermission, requireWorkspacePermission, WORKSPACE_NOT_FOUND } from '../members/access.js';
import type { AuditEventRecord } from './audit-event-entity.js';
import { toAuditEventView } from './audit-event-view.js';
import { type LogQuery, readLogWithMembership } from './audit-store.js';
import type { AuditEvent, LogFilters } from './schemas.js';

const DAY_MS = 86_400_000;

// The stored action is a string; the catalogue is what wrote it.
const toAuditEvent = (record: AuditEventRecord): AuditEvent => toAuditEventView(record) as AuditEvent;

/** The oldest moment the log still shows: an event past its retention is hidden before DynamoDB's TTL deletes it. */
const retainedSince = (now: number) => now - config().auditRetentionDays * DAY_MS;

function filterOf(filters: LogFilters): Expression | undefined {
  const action = filters.action;
  const group = action?.endsWith('.*') ? action.slice(0, -1) : action?.endsWith('.') ? action : undefined;
  return conditions.all(
    action === undefined
      ? undefined
      : group
        ? { expression: 'begins_with(#action, :action)', names: { '#action': 'action' }, values: { ':action': group } }
        : { expression: '#action = :action', names: { '#action': 'action' }, values: { ':action': action } },
    filters.actor_id === undefined
      ? undefined
      : { expression: '#actor.#actorId = :actor', names: { '#actor': 'actor', '#actorId': 'id' }, values: { ':actor': filters.actor_id } },
    filters.target_id === undefined ? undefined : { expression: 'contains(target_ids, :target)', values: { ':target': filters.target_id } },
  );
}

async function readLog(
  principal: Principal,
  orgId: string,
  workspaceId: string | undefined,
  scope: 'org' | 'workspace',
  filters: LogFilters,
) {
  const user = requireUser(principal);
  const now = Date.now();
  const since = Math.max(filters.since ? Date.parse(filters.since) : 0, retainedSince(now));
  const until = filters.until ? Date.parse(filters.until) : now;
  const cursorScope = [
    'audit-log',
    orgId,
    scope,
    workspaceId ?? '',
    filters.action ?? '',
    filters.actor_id ?? '',
    filters.target_id ?? '',
    filters.since ?? '',
    filters.until ?? '',
  ];
  const query: LogQuery = {
    orgId,
    ...(workspaceId ? { workspaceId } : {}),
    fromId: idBoundAt(since, 'first'),
    toId: idBoundAt(until, 'last'),
    limit: filters.limit,
    afterId: decodeCursor(filters.cursor, cursorScope),
    newestFirst: true,
    filter: filterOf(filters),
  };
  const result = await readLogWithMembership(query, user.userId);
  if (scope === 'org') requireOrgPermission(result.member, 'audit_log:read');
  else {
    requireWorkspacePermission(result.member, workspaceId!, 'audit_log:read');
    if (!result.workspaceExists) throw new NotFoundError(WORKSPACE_NOT_FOUND);
  }
  return { data: result.events.map(toAuditEvent), next_cursor: encodeCursor(result.lastId, cursorScope) };
}

export function readOrgLog(principal: Principal, orgId: string, filters: LogFilters) {
  return readLog(principal, orgId, filters.workspace_id, 'org', filters);
}

export function readWorkspaceLog(principal: Principal, orgId: string, workspaceId: string, filters: Omit<LogFilters, 'workspace_id'>) {
  return readLog(principal, orgId, workspaceId, 'workspace', filters);
}

/**
 * The org's events in order, after the one a consumer processed last. Only settled events are
 * handed out (see eventFeedSettleSeconds), so that resuming from the last id never skips one.
 */
export async function readEventFeed(principal: Principal, orgId: string, query: { after?: string; limit: number }) {
  const user = requireUser(principal);
  const now = Date.now();
  const settled = now - config().eventFeedSettleSeconds * 1000;
  const result = await readLogWithMembership(
    {
      orgId,
      fromId: idBoundAt(retainedSince(now), 'first'),
      toId: idBoundAt(settled, 'last'),
      limit: query.limit,
      ...(query.after ? { afterId: query.after } : {}),
      newestFirst: false,
    },
    user.userId,
  );
  requireOrgPermission(result.member, 'audit_log:read');
  const last = result.events.at(-1)?.id ?? query.after ?? null;
  return { data: result.events.map(toAuditEvent), next_after: last, has_more: result.lastId !== undefined };
}
