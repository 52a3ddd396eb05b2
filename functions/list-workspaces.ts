import { listWorkspaces } from '../shared/domain/workspace-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/workspaces.js';

export const handler = httpRoute(routes.listWorkspaces, ({ caller, params, query }) => listWorkspaces(caller, params.orgId, query));
