import { acceptInvitation } from '../features/invitations/invitation-answers.js';
import { routes } from '../features/invitations/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.acceptInvitation, ({ principal, params }) => acceptInvitation(principal, params.token));
