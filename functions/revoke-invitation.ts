import { revokeInvitation } from '../features/invitations/invitation-service.js';
import { routes } from '../features/invitations/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.revokeInvitation, ({ principal, params }) =>
  revokeInvitation(principal, params.orgId, params.invitationId),
);
