import { createOrg } from '../shared/domain/org-service.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';
import { routes } from '../shared/http/routes/organizations.js';

export const handler = idempotentRoute(routes.createOrg, ({ caller, body }) => createOrg(caller, body));
