import * as z from 'zod/mini';
import { id, pageCursor, pageLimit } from '../../shared/http/schemas.js';
import { ACTOR_TYPES, AUDIT_ACTIONS, EVENT_SOURCES } from '../../shared/vocabulary/audit-actions.js';
import { ROLE_KEYS } from '../../shared/vocabulary/policy.js';

const ACTION_GROUPS = [...new Set(AUDIT_ACTIONS.map((action) => action.split('.')[0]!))];

/** An action, or every action of a group as `member.*` (or `member.`). */
export const actionFilter = z.string().check(
  z.maxLength(64),
  z.refine(
    (value) =>
      (AUDIT_ACTIONS as readonly string[]).includes(value) ||
      ACTION_GROUPS.some((group) => value === `${group}.*` || value === `${group}.`),
    `must be an action (such as member.role_changed) or a group of them (such as member.*); groups: ${ACTION_GROUPS.join(', ')}`,
  ),
);

// The log's pages are longer than the API's default: 50 events.
const limit = () => pageLimit(50);

/** An ISO 8601 time, with `Z` or an offset. */
const instant = z.iso.datetime({ offset: true }).check(z.maxLength(40, 'must be an ISO 8601 time such as 2026-12-01T09:30:00Z'));

const logFilters = () => ({
  limit: limit(),
  cursor: pageCursor(),
  action: z.optional(actionFilter),
  actor_id: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  target_id: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  since: z.optional(instant),
  until: z.optional(instant),
});

export const orgLogQuery = z.lazy(() => z.strictObject({ ...logFilters(), workspace_id: z.optional(id) }));
export const workspaceLogQuery = z.lazy(() => z.strictObject(logFilters()));
export type LogFilters = z.infer<typeof orgLogQuery>;

export const eventFeedQuery = z.lazy(() =>
  z.strictObject({
    after: z.optional(
      id.check(z.describe('The id of the last event you processed; without it, the feed starts at the oldest event kept.')),
    ),
    limit: limit(),
  }),
);

/** A changed field's value before or after: a name, a role, a status, a time, a list (grants, a webhook's events), or nothing. */
const changeValue = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(z.string()),
    z.array(z.object({ workspace_id: z.string(), role: z.enum(ROLE_KEYS) })),
  ]),
);

export const auditEvent = z.lazy(() =>
  z.object({
    id: z.string(),
    schema_version: z.number().check(z.describe('The shape of this event; 1 for now. A consumer can tell a future shape by it.')),
    org_id: z.string(),
    workspace_id: z.optional(z.string()),
    action: z.enum(AUDIT_ACTIONS),
    occurred_at: z.string(),
    actor: z.object({
      type: z.enum(ACTOR_TYPES),
      id: z.string(),
      email: z.optional(z.string()),
      name: z.optional(z.string()),
    }),
    targets: z.array(z.object({ type: z.string(), id: z.string(), name: z.optional(z.string()) })),
    changes: z.optional(z.record(z.string(), z.object({ from: changeValue, to: changeValue }))),
    source: z.optional(z.enum(EVENT_SOURCES)),
    context: z.object({ request_id: z.string(), ip: z.optional(z.string()), user_agent: z.optional(z.string()) }),
  }),
);
export type AuditEvent = z.infer<typeof auditEvent>;

export const eventFeed = z.lazy(() =>
  z.object({
    data: z.array(auditEvent),
    next_after: z
      .nullable(z.string())
      .check(z.describe('Pass as ?after= for the next events; the same `after` again when nothing new has settled yet.')),
    has_more: z.boolean(),
  }),
);
