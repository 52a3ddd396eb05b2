import { createCredential } from '../features/credentials/credential-service.js';
import { routes } from '../features/credentials/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.createCredential, ({ principal, params, body }) =>
  createCredential(principal, params.orgId, params.workspaceId, body),
);
