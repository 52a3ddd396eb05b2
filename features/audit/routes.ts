// Rows of the route table (../routes.ts): reading the audit log and the event feed.
import { defineRoute, V1 } from '../../shared/http/route.js';
import { orgParams, page, workspaceParams } from '../../shared/http/schemas.js';
import { commonErrors } from '../../shared/vocabulary/errors.js';
import { auditEvent, eventFeed, eventFeedQuery, orgLogQuery, workspaceLogQuery } from './schemas.js';

const PARALLEL_READS = {
  count: 2,
  sequential: 1,
  reason:
    "the caller's membership and a key range of the log, sent in parallel (one round trip of latency): no single key range holds both",
};

const FILTER_COST =
  'A page reads the time range newest first: `since`/`until` and `workspace_id` narrow the key range, so a page costs the same however large the log is. `action`, `actor_id` and `target_id` filter what the range holds: a rare match in a wide range reads more of it (DynamoDB stops at 1 MB and hands back a cursor, so a page may be short or empty with a `next_cursor`). Events past the retention (`auditRetentionDays`, default 365) are never shown.';

export const routes = {
  listAuditLog: defineRoute({
    name: 'list-audit-log',
    method: 'GET',
    path: `${V1}/orgs/{orgId}/audit-log`,
    summary: "The organization's audit log, newest first",
    description: FILTER_COST,
    tag: 'Audit log',
    auth: 'user',
    tableAccess: 'read',
    permission: 'audit_log:read',
    params: orgParams,
    query: orgLogQuery,
    response: page(auditEvent),
    errorCodes: [commonErrors.forbidden],
    successStatus: 200,
    errors: [403],
    dynamoRoundTrips: PARALLEL_READS,
  }),
  listWorkspaceAuditLog: defineRoute({
    name: 'list-workspace-audit-log',
    method: 'GET',
    path: `${V1}/orgs/{orgId}/workspaces/{workspaceId}/audit-log`,
    summary: "A workspace's audit log, newest first (workspace admins)",
    description: FILTER_COST,
    tag: 'Audit log',
    auth: 'user',
    tableAccess: 'read',
    permission: 'audit_log:read',
    params: workspaceParams,
    query: workspaceLogQuery,
    response: page(auditEvent),
    errorCodes: [commonErrors.forbidden],
    successStatus: 200,
    errors: [403],
    dynamoRoundTrips: PARALLEL_READS,
  }),
  listEvents: defineRoute({
    name: 'list-events',
    method: 'GET',
    path: `${V1}/orgs/{orgId}/events`,
    summary: "The organization's events in order, for services that poll",
    description:
      'Oldest first, after the event id you pass; keep `next_after` and pass it next time to resume exactly where you stopped. Events are handed out a few seconds after they happen (`EVENT_FEED_SETTLE_SECONDS`, default 5), so that one committed a moment late is never skipped. Kept as long as the audit log (at least 30 days).',
    tag: 'Audit log',
    auth: 'user',
    tableAccess: 'read',
    permission: 'audit_log:read',
    params: orgParams,
    query: eventFeedQuery,
    response: eventFeed,
    errorCodes: [commonErrors.forbidden],
    successStatus: 200,
    errors: [403],
    dynamoRoundTrips: PARALLEL_READS,
  }),
};
