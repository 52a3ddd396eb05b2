// An audit event: one immutable item per change, written in the change's own transaction, in the
// org's partition. Ids are UUIDv7, so the sort key orders events by time and a time range is a key
// range: a page costs the same whatever the size of the log. Events about a workspace are also in
// the person index under the workspace, so a workspace's log is a key range too.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES, TABLE_DEFINITION } from '../../shared/table/table-definition.js';
import { ACTOR_TYPES, EVENT_SOURCES } from '../../shared/vocabulary/audit-actions.js';

/** The payload version: a consumer can tell a future shape from this one. */
export const AUDIT_EVENT_VERSION = 1;

const target = shape.object({ type: shape.string, id: shape.string, name: shape.optional(shape.string) });

const auditEventRecord = shape.object({
  id: shape.string,
  schema_version: shape.number,
  org_id: shape.string,
  workspace_id: shape.optional(shape.string),
  action: shape.string,
  occurred_at: shape.string,
  actor: shape.object({
    type: shape.oneOf(ACTOR_TYPES),
    id: shape.string,
    email: shape.optional(shape.string),
    name: shape.optional(shape.string),
  }),
  targets: shape.array(target),
  /** The targets' ids, flat, so that a filter by target is one `contains`. Storage only. */
  target_ids: shape.array(shape.string),
  /** Each changed field, before and after. */
  changes: shape.optional(shape.record(shape.object({ from: shape.json, to: shape.json }))),
  source: shape.optional(shape.oneOf(EVENT_SOURCES)),
  context: shape.object({
    request_id: shape.string,
    ip: shape.optional(shape.string),
    user_agent: shape.optional(shape.string),
  }),
  /** How long the event is kept; DynamoDB's TTL deletes it after that, and reads stop showing it at that moment. */
  retention_days: shape.number,
});

export type AuditEventRecord = Stored<typeof auditEventRecord>;
export type AuditTarget = Stored<typeof target>;

export const workspaceLogPartition = (orgId: string, workspaceId: string) => `${PREFIXES.workspaceAudit}${orgId}#${workspaceId}`;

export const auditEventEntity = defineEntity({
  type: 'audit_event',
  shape: auditEventRecord,
  key: (event: Pick<AuditEventRecord, 'org_id' | 'id'>) => ({ pk: orgPartition(event.org_id), sk: PREFIXES.auditEvent + event.id }),
  indexKeys: (event): Record<string, string> =>
    event.workspace_id
      ? {
          [TABLE_DEFINITION.indexes.byPerson.partitionKey]: workspaceLogPartition(event.org_id, event.workspace_id),
          [TABLE_DEFINITION.indexes.byPerson.sortKey]: event.id,
        }
      : {},
  expiresAt: (event) => ({ at: event.occurred_at, plusDays: event.retention_days }),
});

export const auditRanges = {
  orgLog: (orgId: string) => ({ partition: orgPartition(orgId), prefix: PREFIXES.auditEvent }),
  workspaceLog: (orgId: string, workspaceId: string) => ({ partition: workspaceLogPartition(orgId, workspaceId), prefix: '' }),
};
