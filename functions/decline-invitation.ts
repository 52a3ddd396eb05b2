import { declineInvitation } from '../features/invitations/invitation-answers.js';
import { routes } from '../features/invitations/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.declineInvitation, ({ params, origin }) => declineInvitation(params.token, origin));
