import { listCredentials } from '../features/credentials/credential-listing.js';
import { routes } from '../features/credentials/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listCredentials, ({ principal, params, query }) =>
  listCredentials(principal, params.orgId, params.workspaceId, query),
);
