import { createJoinRequest } from '../features/joining/join-request-service.js';
import { routes } from '../features/joining/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.createJoinRequest, ({ principal, params, body }) =>
  createJoinRequest(principal, params.orgId, body),
);
