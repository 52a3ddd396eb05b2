import { routes } from '../features/webhooks/routes.js';
import { retryWebhookDelivery } from '../features/webhooks/webhook-service.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.retryWebhookDelivery, ({ principal, params }) =>
  retryWebhookDelivery(principal, params.orgId, params.webhookId, params.deliveryId),
);
