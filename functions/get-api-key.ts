import { getApiKey } from '../features/api-keys/api-key-service.js';
import { routes } from '../features/api-keys/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.getApiKey, ({ principal, params }) =>
  getApiKey(principal, params.orgId, params.workspaceId, params.keyId),
);
