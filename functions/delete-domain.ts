import { deleteDomain } from '../features/domains/domain-service.js';
import { routes } from '../features/domains/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.deleteDomain, ({ principal, params }) => deleteDomain(principal, params.orgId, params.domainId));
