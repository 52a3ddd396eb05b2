// An audit event as readers see it (the API, the event bus, webhooks): the stored record without
// what only storage needs.
import type { AuditEventRecord } from './audit-event-entity.js';

export type AuditEventView = Omit<AuditEventRecord, 'retention_days' | 'target_ids'>;

export function toAuditEventView(record: AuditEventRecord): AuditEventView {
  const { retention_days: _retention, target_ids: _targets, ...event } = record;
  return event;
}
