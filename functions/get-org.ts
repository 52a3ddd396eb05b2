import { getOrg } from '../features/organizations/org-service.js';
import { routes } from '../features/organizations/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.getOrg, ({ principal, params }) => getOrg(principal, params.orgId));
