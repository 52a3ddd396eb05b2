import { deleteMemberCredential } from '../features/credentials/personal-credential-listing.js';
import { routes } from '../features/credentials/personal-routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.deleteMemberCredential, ({ principal, params }) =>
  deleteMemberCredential(principal, params.orgId, params.userId, params.credentialId),
);
