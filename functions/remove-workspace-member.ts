import { removeWorkspaceMember } from '../features/members/member-service.js';
import { routes } from '../features/members/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.removeWorkspaceMember, ({ principal, params }) =>
  removeWorkspaceMember(principal, params.orgId, params.workspaceId, params.userId),
);
