import { deleteWorkspace } from '../shared/domain/workspace-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/workspaces.js';

export const handler = httpRoute(routes.deleteWorkspace, ({ caller, params, ifMatch }) =>
  deleteWorkspace(caller, params.orgId, params.workspaceId, ifMatch),
);
