import { routes } from '../features/workspaces/routes.js';
import { listWorkspaces } from '../features/workspaces/workspace-service.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listWorkspaces, ({ principal, params, query }) => listWorkspaces(principal, params.orgId, query));
