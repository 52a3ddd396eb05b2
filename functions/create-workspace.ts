import { createWorkspace } from '../shared/domain/workspace-service.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';
import { routes } from '../shared/http/routes/workspaces.js';

export const handler = idempotentRoute(routes.createWorkspace, ({ caller, params, body }) => createWorkspace(caller, params.orgId, body));
