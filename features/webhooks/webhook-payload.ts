// What a delivery carries: the Standard Webhooks body `{type, timestamp, data}`, with the event as
// the audit log shows it in `data`. The body is fixed when the delivery is made, so every attempt
// sends (and signs) the same bytes.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type AuditEventRecord, auditEventEntity } from '../audit/audit-event-entity.js';
import { toAuditEventView } from '../audit/audit-event-view.js';

export const deliveryBody = (event: AuditEventRecord): string =>
  JSON.stringify({ type: event.action, timestamp: event.occurred_at, data: toAuditEventView(event) });

/** The audit event in a stream record's new image (the consumer's filter lets only audit events through). */
export const auditEventFromImage = (image: Record<string, unknown>): AuditEventRecord =>
  auditEventEntity.parse(unmarshall(image as Parameters<typeof unmarshall>[0]));
