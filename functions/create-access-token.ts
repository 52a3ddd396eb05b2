import { issueAccessToken } from '../features/access-tokens/access-token-service.js';
import { routes } from '../features/access-tokens/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.createAccessToken, ({ principal, params }) =>
  issueAccessToken(principal, params.orgId, params.workspaceId),
);
