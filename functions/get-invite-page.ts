import { invitePage } from '../shared/http/invite-page.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/invitations.js';

export const handler = httpRoute(routes.getInvitePage, async () => invitePage());
