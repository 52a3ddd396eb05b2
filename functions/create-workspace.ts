import { createWorkspace } from '../shared/domain/workspace-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/workspaces.js';

export const handler = httpRoute(routes.createWorkspace, ({ caller, params, body }) => createWorkspace(caller, params.orgId, body));
