import { revokeInvitation } from '../shared/domain/invitation-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/invitations.js';

export const handler = httpRoute(routes.revokeInvitation, ({ caller, params }) =>
  revokeInvitation(caller, params.orgId, params.invitationId),
);
