import { moveCredential } from '../features/credentials/credential-service.js';
import { routes } from '../features/credentials/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.moveCredential, ({ principal, params, body }) =>
  moveCredential(principal, params.orgId, params.workspaceId, params.credentialId, body),
);
