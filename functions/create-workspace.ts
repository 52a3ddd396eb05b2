import { routes } from '../features/workspaces/routes.js';
import { createWorkspace } from '../features/workspaces/workspace-service.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.createWorkspace, ({ principal, params, body }) =>
  createWorkspace(principal, params.orgId, body),
);
