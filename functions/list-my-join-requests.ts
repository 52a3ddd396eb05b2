import { listMyJoinRequests } from '../features/joining/join-request-service.js';
import { routes } from '../features/joining/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listMyJoinRequests, ({ principal, query }) => listMyJoinRequests(principal, query));
