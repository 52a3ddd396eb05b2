import { createAccessRequest } from '../features/access-requests/access-request-service.js';
import { routes } from '../features/access-requests/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.createAccessRequest, ({ principal, params, body }) =>
  createAccessRequest(principal, params.orgId, params.workspaceId, body),
);
