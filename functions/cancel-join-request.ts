import { cancelJoinRequest } from '../features/joining/join-request-service.js';
import { routes } from '../features/joining/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.cancelJoinRequest, ({ principal, params }) =>
  cancelJoinRequest(principal, params.orgId, params.requestId),
);
