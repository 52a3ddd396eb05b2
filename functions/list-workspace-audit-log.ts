import { readWorkspaceLog } from '../features/audit/audit-service.js';
import { routes } from '../features/audit/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listWorkspaceAuditLog, ({ principal, params, query }) =>
  readWorkspaceLog(principal, params.orgId, params.workspaceId, query),
);
