import { resendInvitation } from '../features/invitations/invitation-service.js';
import { routes } from '../features/invitations/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.resendInvitation, ({ principal, params }) =>
  resendInvitation(principal, params.orgId, params.invitationId),
);
