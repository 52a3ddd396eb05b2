import { listInvitations } from '../features/invitations/invitation-service.js';
import { routes } from '../features/invitations/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listInvitations, ({ principal, params, query }) => listInvitations(principal, params.orgId, query));
