// How webhook endpoints and deliveries appear in the audit log: by id, an endpoint named by its URL.
// Never with a secret.
import type { AuditTarget } from '../audit/audit-event-entity.js';

/**
 * A webhook URL as events show it: scheme, host and path. A receiver's URL may carry its own token
 * in the query or fragment, and an event goes to the bus and to the org's other endpoints.
 */
export function urlForEvents(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

export const webhookTarget = (webhook: { id: string; url: string }): AuditTarget => ({
  type: 'webhook',
  id: webhook.id,
  name: urlForEvents(webhook.url),
});

export const deliveryTarget = (delivery: { id: string }): AuditTarget => ({ type: 'webhook_delivery', id: delivery.id });

/** The delivery a `webhook.delivery_retried` event asks for, read back from its targets. */
export function retriedDelivery(targets: readonly AuditTarget[]): { webhookId: string; deliveryId: string } | undefined {
  const webhookId = targets.find((target) => target.type === 'webhook')?.id;
  const deliveryId = targets.find((target) => target.type === 'webhook_delivery')?.id;
  return webhookId && deliveryId ? { webhookId, deliveryId } : undefined;
}
