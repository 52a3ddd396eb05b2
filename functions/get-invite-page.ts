import { invitePage } from '../features/invitations/invite-page.js';
import { routes } from '../features/invitations/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.getInvitePage, async () => invitePage());
