import { routes } from '../features/workspaces/routes.js';
import { getWorkspace } from '../features/workspaces/workspace-service.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.getWorkspace, ({ principal, params }) => getWorkspace(principal, params.orgId, params.workspaceId));
