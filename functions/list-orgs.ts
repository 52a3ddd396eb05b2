import { listOrgs } from '../shared/domain/org-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/organizations.js';

export const handler = httpRoute(routes.listOrgs, ({ caller, query }) => listOrgs(caller, query));
