import { createOrg } from '../features/organizations/org-service.js';
import { routes } from '../features/organizations/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.createOrg, ({ principal, body }) => createOrg(principal, body));
