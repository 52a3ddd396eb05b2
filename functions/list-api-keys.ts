import { listApiKeys } from '../features/api-keys/api-key-service.js';
import { routes } from '../features/api-keys/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listApiKeys, ({ principal, params, query }) =>
  listApiKeys(principal, params.orgId, params.workspaceId, query),
);
