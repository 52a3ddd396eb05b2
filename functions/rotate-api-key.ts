import { rotateApiKey } from '../features/api-keys/api-key-service.js';
import { routes } from '../features/api-keys/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.rotateApiKey, ({ principal, params, body }) =>
  rotateApiKey(principal, params.orgId, params.workspaceId, params.keyId, body),
);
