import { readEventFeed } from '../features/audit/audit-service.js';
import { routes } from '../features/audit/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listEvents, ({ principal, params, query }) => readEventFeed(principal, params.orgId, query));
