import { revealOwnCredential } from '../features/credentials/personal-credential-service.js';
import { routes } from '../features/credentials/personal-routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.revealPersonalCredential, ({ principal, params }) =>
  revealOwnCredential(principal, params.orgId, params.credentialId),
);
