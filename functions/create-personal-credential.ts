import { createOwnCredential } from '../features/credentials/personal-credential-service.js';
import { routes } from '../features/credentials/personal-routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.createPersonalCredential, ({ principal, params, body }) =>
  createOwnCredential(principal, params.orgId, body),
);
