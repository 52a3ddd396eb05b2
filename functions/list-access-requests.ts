import { listAccessRequests } from '../features/access-requests/access-request-service.js';
import { routes } from '../features/access-requests/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listAccessRequests, ({ principal, params, query }) =>
  listAccessRequests(principal, params.orgId, params.workspaceId, query),
);
