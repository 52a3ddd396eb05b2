import { routes } from '../features/workspaces/routes.js';
import { updateWorkspace } from '../features/workspaces/workspace-service.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.updateWorkspace, ({ principal, params, body, ifMatch }) =>
  updateWorkspace(principal, params.orgId, params.workspaceId, body, ifMatch),
);
