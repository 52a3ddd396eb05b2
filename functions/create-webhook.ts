import { routes } from '../features/webhooks/routes.js';
import { createWebhook } from '../features/webhooks/webhook-service.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.createWebhook, ({ principal, params, body }) => createWebhook(principal, params.orgId, body));
