import { decideAccessRequest } from '../features/access-requests/access-request-service.js';
import { routes } from '../features/access-requests/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.approveAccessRequest, ({ principal, params, body }) =>
  decideAccessRequest(principal, params.orgId, params.workspaceId, params.requestId, { status: 'approved', ...body }),
);
