import { createApiKey } from '../features/api-keys/api-key-service.js';
import { routes } from '../features/api-keys/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.createApiKey, ({ principal, params, body }) =>
  createApiKey(principal, params.orgId, params.workspaceId, body),
);
