import { getCredential } from '../features/credentials/credential-listing.js';
import { routes } from '../features/credentials/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.getCredential, ({ principal, params }) =>
  getCredential(principal, params.orgId, params.workspaceId, params.credentialId),
);
