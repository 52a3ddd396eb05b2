import { listJoinableOrgs } from '../features/joining/join-service.js';
import { routes } from '../features/joining/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listJoinableOrgs, ({ principal, query }) => listJoinableOrgs(principal, query));
