// One event's delivery to one endpoint, with how its attempts went. Its id is derived from the
// event and the endpoint, so a stream record that is delivered twice writes the same item (the put
// is conditioned on its absence) and receivers get the same `webhook-id` on every attempt. The id
// keeps the event's time in its first 48 bits, as a UUIDv7 does, so an endpoint's deliveries sort by
// time. While an attempt is due the item sits in the person index under DELIVERY#DUE, by due time,
// so the retry pass reads only what is due; it leaves the index when it succeeds or fails for good.
import { createHash } from 'node:crypto';
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';
import { idCreatedAt } from '../../shared/vocabulary/ids.js';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** How long the delivery log keeps a delivery (DynamoDB's TTL deletes it after that). */
export const DELIVERY_RETENTION_DAYS = 30;

const deliveryRecord = shape.object({
  id: shape.string,
  org_id: shape.string,
  webhook_id: shape.string,
  event_id: shape.string,
  action: shape.string,
  /** The request body, fixed when the delivery is made: every attempt sends (and signs) the same bytes. */
  body: shape.string,
  status: shape.oneOf(DELIVERY_STATUSES),
  /** Attempts made so far, counted when one starts. */
  attempts: shape.number,
  /** While pending: when the next attempt is due. */
  next_attempt_at: shape.nullable(shape.string),
  /** While a sender is attempting it, others stand back until this passes. */
  lease_until: shape.optional(shape.string),
  /** An admin's replay of a delivery that had ended: one attempt, without the retry schedule. */
  replay: shape.optional(shape.boolean),
  last_attempt_at: shape.nullable(shape.string),
  last_response_code: shape.nullable(shape.number),
  last_duration_ms: shape.nullable(shape.number),
  /** What went wrong with the last attempt, in our words (never the receiver's body). */
  last_error: shape.nullable(shape.string),
  created_at: shape.string,
});

export type DeliveryRecord = Stored<typeof deliveryRecord>;

/** Where a due delivery sorts in the due queue. */
export const deliveryDueKey = (dueAt: string, deliveryId: string) => ({
  gsi1pk: PREFIXES.webhookDeliveryDue,
  gsi1sk: `${dueAt}#${deliveryId}`,
});

export const deliveryEntity = defineEntity({
  type: 'webhook_delivery',
  shape: deliveryRecord,
  key: (delivery: Pick<DeliveryRecord, 'org_id' | 'webhook_id' | 'id'>) => ({
    pk: orgPartition(delivery.org_id),
    sk: `${PREFIXES.webhookDelivery}${delivery.webhook_id}#${delivery.id}`,
  }),
  indexKeys: (delivery): Record<string, string> =>
    delivery.status === 'pending' && delivery.next_attempt_at ? deliveryDueKey(delivery.next_attempt_at, delivery.id) : {},
  expiresAt: (delivery) => ({ at: delivery.created_at, plusDays: DELIVERY_RETENTION_DAYS }),
});

export const deliveryRanges = {
  deliveriesOfWebhook: (orgId: string, webhookId: string) => ({
    partition: orgPartition(orgId),
    prefix: `${PREFIXES.webhookDelivery}${webhookId}#`,
  }),
};

/** Deliveries due by `dueBy` (ISO time), oldest first. */
export const deliveriesDueBy = (dueBy: string) => ({ partition: PREFIXES.webhookDeliveryDue, upTo: `${dueBy}#~` });

/**
 * The delivery id of an event to an endpoint: a UUID with the event's millisecond time in its
 * first 48 bits and a hash of both ids in the rest (version 7 and variant bits set), so it is the
 * same whenever it is computed, different for each endpoint, and sorts with the event.
 */
export function deliveryIdFor(eventId: string, webhookId: string): string {
  const bytes = createHash('sha256').update(`${eventId}\n${webhookId}`).digest().subarray(0, 16);
  const millis = BigInt(idCreatedAt(eventId) ?? 0);
  for (let i = 0; i < 6; i++) bytes[i] = Number((millis >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
