import { listMemberCredentials } from '../features/credentials/personal-credential-listing.js';
import { routes } from '../features/credentials/personal-routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listMemberCredentials, ({ principal, params, query }) =>
  listMemberCredentials(principal, params.orgId, params.userId, query),
);
