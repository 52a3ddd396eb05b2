import { routes } from '../features/workspaces/routes.js';
import { deleteWorkspace } from '../features/workspaces/workspace-service.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.deleteWorkspace, ({ principal, params, ifMatch }) =>
  deleteWorkspace(principal, params.orgId, params.workspaceId, ifMatch),
);
