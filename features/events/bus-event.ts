// An audit event as it goes on the event bus: source `orgspace`, the action as its detail-type, and
// the event as the API shows it as its detail (the stored record without what only storage needs).
import { type BusEntry, entrySize, PUT_EVENTS_LIMITS } from '../../shared/events/event-bus.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { toAuditEventView } from '../audit/audit-event-view.js';

/** Every event Orgspace puts on its bus has this source: a rule matches `{"source": ["orgspace"]}`. */
export const EVENT_SOURCE = 'orgspace';

/**
 * An event too large for one PutEvents request (a change of a very large field) goes on the bus as
 * this summary instead, marked `truncated`, so that it is not lost: who did what to which ids, and
 * when; the whole event stays in the audit log under its id.
 */
function summaryOf(event: AuditEventRecord) {
  return {
    id: event.id,
    schema_version: event.schema_version,
    org_id: event.org_id,
    ...(event.workspace_id ? { workspace_id: event.workspace_id } : {}),
    action: event.action,
    occurred_at: event.occurred_at,
    actor: { type: event.actor.type, id: event.actor.id },
    targets: event.targets.map((target) => ({ type: target.type, id: target.id })),
    truncated: true,
  };
}

export function busEntryOf(event: AuditEventRecord): BusEntry {
  const entry = (detail: object): BusEntry => ({
    source: EVENT_SOURCE,
    detailType: event.action,
    detail: JSON.stringify(detail),
    time: new Date(event.occurred_at),
  });
  const whole = entry(toAuditEventView(event));
  return entrySize(whole) <= PUT_EVENTS_LIMITS.bytes ? whole : entry(summaryOf(event));
}
