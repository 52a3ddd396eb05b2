import { listOwnCredentials } from '../features/credentials/personal-credential-listing.js';
import { routes } from '../features/credentials/personal-routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listPersonalCredentials, ({ principal, params, query }) =>
  listOwnCredentials(principal, params.orgId, query),
);
