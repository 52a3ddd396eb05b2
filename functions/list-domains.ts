import { listDomains } from '../features/domains/domain-service.js';
import { routes } from '../features/domains/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listDomains, ({ principal, params, query }) => listDomains(principal, params.orgId, query));
