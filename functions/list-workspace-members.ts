import { listWorkspaceMembers } from '../features/members/member-service.js';
import { routes } from '../features/members/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listWorkspaceMembers, ({ principal, params, query }) =>
  listWorkspaceMembers(principal, params.orgId, params.workspaceId, query),
);
