import { renameOrg } from '../features/organizations/org-service.js';
import { routes } from '../features/organizations/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.updateOrg, ({ principal, params, body, ifMatch }) =>
  renameOrg(principal, params.orgId, body, ifMatch),
);
