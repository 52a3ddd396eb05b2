import { renameOrg } from '../shared/domain/org-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/organizations.js';

export const handler = httpRoute(routes.updateOrg, ({ caller, params, body, ifMatch }) => renameOrg(caller, params.orgId, body, ifMatch));
