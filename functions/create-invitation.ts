import { createInvitation } from '../features/invitations/invitation-service.js';
import { routes } from '../features/invitations/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.createInvitation, ({ principal, params, body }) =>
  createInvitation(principal, params.orgId, body),
);
