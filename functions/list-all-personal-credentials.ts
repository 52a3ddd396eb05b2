import { listOwnCredentialsEverywhere } from '../features/credentials/personal-credential-listing.js';
import { routes } from '../features/credentials/personal-routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listAllPersonalCredentials, ({ principal, query }) =>
  listOwnCredentialsEverywhere(principal, query),
);
