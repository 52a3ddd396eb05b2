import { joinOrg } from '../features/joining/join-service.js';
import { routes } from '../features/joining/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.joinOrg, ({ principal, params }) => joinOrg(principal, params.orgId));
