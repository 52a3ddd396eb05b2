import { listJoinRequests } from '../features/joining/join-request-service.js';
import { routes } from '../features/joining/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listJoinRequests, ({ principal, params, query }) =>
  listJoinRequests(principal, params.orgId, query),
);
