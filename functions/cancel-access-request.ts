import { cancelAccessRequest } from '../features/access-requests/access-request-service.js';
import { routes } from '../features/access-requests/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.cancelAccessRequest, ({ principal, params }) =>
  cancelAccessRequest(principal, params.orgId, params.workspaceId, params.requestId),
);
