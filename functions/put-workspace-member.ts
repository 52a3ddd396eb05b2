import { putWorkspaceMember } from '../shared/domain/member-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/members.js';

export const handler = httpRoute(routes.putWorkspaceMember, ({ caller, params, body }) =>
  putWorkspaceMember(caller, params.orgId, params.workspaceId, params.userId, body),
);
