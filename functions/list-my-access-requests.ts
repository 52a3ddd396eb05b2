import { listMyAccessRequests } from '../features/access-requests/access-request-service.js';
import { routes } from '../features/access-requests/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listMyAccessRequests, ({ principal, query }) => listMyAccessRequests(principal, query));
