import { listWorkspaceMembers } from '../shared/domain/member-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/members.js';

export const handler = httpRoute(routes.listWorkspaceMembers, ({ caller, params, query }) =>
  listWorkspaceMembers(caller, params.orgId, params.workspaceId, query),
);
