import { getWorkspace } from '../shared/domain/workspace-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/workspaces.js';

export const handler = httpRoute(routes.getWorkspace, ({ caller, params }) => getWorkspace(caller, params.orgId, params.workspaceId));
