import { listMyInvitations } from '../features/invitations/invitation-answers.js';
import { routes } from '../features/invitations/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listMyInvitations, ({ principal, query }) => listMyInvitations(principal, query));
