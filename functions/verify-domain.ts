import { verifyDomain } from '../features/domains/domain-service.js';
import { routes } from '../features/domains/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.verifyDomain, ({ principal, params }) =>
  verifyDomain(principal, params.orgId, params.domainId),
);
