import { routes } from '../features/webhooks/routes.js';
import { listWebhooks } from '../features/webhooks/webhook-service.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listWebhooks, ({ principal, params, query }) => listWebhooks(principal, params.orgId, query));
