import { updateWorkspace } from '../shared/domain/workspace-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/workspaces.js';

export const handler = httpRoute(routes.updateWorkspace, ({ caller, params, body, ifMatch }) =>
  updateWorkspace(caller, params.orgId, params.workspaceId, body, ifMatch),
);
