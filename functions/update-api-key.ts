import { updateApiKey } from '../features/api-keys/api-key-service.js';
import { routes } from '../features/api-keys/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.updateApiKey, ({ principal, params, body, ifMatch }) =>
  updateApiKey(principal, params.orgId, params.workspaceId, params.keyId, body, ifMatch),
);
