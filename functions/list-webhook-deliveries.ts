import { routes } from '../features/webhooks/routes.js';
import { listWebhookDeliveries } from '../features/webhooks/webhook-service.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listWebhookDeliveries, ({ principal, params, query }) =>
  listWebhookDeliveries(principal, params.orgId, params.webhookId, query),
);
