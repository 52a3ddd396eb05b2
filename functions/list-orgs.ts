import { listOrgs } from '../features/organizations/org-service.js';
import { routes } from '../features/organizations/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listOrgs, ({ principal, query }) => listOrgs(principal, query));
