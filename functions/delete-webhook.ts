import { routes } from '../features/webhooks/routes.js';
import { deleteWebhook } from '../features/webhooks/webhook-service.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.deleteWebhook, ({ principal, params }) => deleteWebhook(principal, params.orgId, params.webhookId));
