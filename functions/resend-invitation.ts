import { resendInvitation } from '../shared/domain/invitation-service.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';
import { routes } from '../shared/http/routes/invitations.js';

export const handler = idempotentRoute(routes.resendInvitation, ({ caller, params }) =>
  resendInvitation(caller, params.orgId, params.invitationId),
);
