// Building an audit event from who acted and what changed. The actor and the request context come
// from the principal, so a service names only the action, its targets and the change.
import { config } from '../../shared/config.js';
import type { AuditAction, EVENT_SOURCES } from '../../shared/vocabulary/audit-actions.js';
import { newId, nowIso } from '../../shared/vocabulary/ids.js';
import type { Principal, RequestOrigin } from '../../shared/vocabulary/principal.js';
import { AUDIT_EVENT_VERSION, type AuditEventRecord, type AuditTarget } from './audit-event-entity.js';

export interface EventInput {
  action: AuditAction;
  orgId: string;
  workspaceId?: string;
  targets: AuditTarget[];
  changes?: AuditEventRecord['changes'];
  source?: (typeof EVENT_SOURCES)[number];
  /** The change's own time, when it has one (`updated_at`); now otherwise. */
  at?: string;
}

/** Whoever holds an invitation link, signed in or not: a decline is attributed to the invited address. */
export interface LinkHolder {
  type: 'link_holder';
  email: string;
  origin?: RequestOrigin;
}

function actorOf(principal: Principal | LinkHolder): AuditEventRecord['actor'] {
  switch (principal.type) {
    case 'link_holder':
      return { type: 'user', id: 'anonymous', email: principal.email };
    case 'user':
      return { type: 'user', id: principal.userId, email: principal.email, ...(principal.name ? { name: principal.name } : {}) };
    case 'api_key':
      return { type: 'api_key', id: principal.keyId };
    case 'system':
      return { type: 'system', id: principal.job };
  }
}

export function auditEvent(principal: Principal | LinkHolder, input: EventInput): AuditEventRecord {
  const at = input.at ?? nowIso();
  const origin = principal.origin;
  return {
    id: newId(Date.parse(at)),
    schema_version: AUDIT_EVENT_VERSION,
    org_id: input.orgId,
    ...(input.workspaceId ? { workspace_id: input.workspaceId } : {}),
    action: input.action,
    occurred_at: at,
    actor: actorOf(principal),
    targets: input.targets,
    target_ids: [...new Set(input.targets.map((target) => target.id))],
    ...(input.changes && Object.keys(input.changes).length > 0 ? { changes: input.changes } : {}),
    source: input.source ?? (principal.type === 'system' ? 'system' : 'api'),
    context: {
      request_id: origin?.requestId ?? 'unknown',
      ...(origin?.ip ? { ip: origin.ip } : {}),
      ...(origin?.userAgent ? { user_agent: origin.userAgent } : {}),
    },
    retention_days: config().auditRetentionDays,
  };
}

/** The fields that differ between two versions of a record, each with its before and after. */
export function changesBetween<T extends object>(before: T, after: T, fields: readonly (keyof T & string)[]) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of fields) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}
