import { putWorkspaceMember } from '../features/members/member-service.js';
import { routes } from '../features/members/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.putWorkspaceMember, ({ principal, params, body }) =>
  putWorkspaceMember(principal, params.orgId, params.workspaceId, params.userId, body),
);
