import { denyJoinRequest } from '../features/joining/join-request-service.js';
import { routes } from '../features/joining/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.denyJoinRequest, ({ principal, params, body }) =>
  denyJoinRequest(principal, params.orgId, params.requestId, body),
);
