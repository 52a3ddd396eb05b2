import { routes } from '../features/webhooks/routes.js';
import { updateWebhook } from '../features/webhooks/webhook-service.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.updateWebhook, ({ principal, params, body }) =>
  updateWebhook(principal, params.orgId, params.webhookId, body),
);
