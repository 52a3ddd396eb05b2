import { resendInvitation } from '../shared/domain/invitation-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/invitations.js';

export const handler = httpRoute(routes.resendInvitation, ({ caller, params }) => resendInvitation(caller, params.orgId, params.invitationId));
