import { routes } from '../features/webhooks/routes.js';
import { getWebhook } from '../features/webhooks/webhook-service.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.getWebhook, ({ principal, params }) => getWebhook(principal, params.orgId, params.webhookId));
