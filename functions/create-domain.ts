import { createDomain } from '../features/domains/domain-service.js';
import { routes } from '../features/domains/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.createDomain, ({ principal, params, body }) => createDomain(principal, params.orgId, body));
