import { routes } from '../features/webhooks/routes.js';
import { rotateWebhookSecret } from '../features/webhooks/webhook-service.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.rotateWebhookSecret, ({ principal, params }) =>
  rotateWebhookSecret(principal, params.orgId, params.webhookId),
);
