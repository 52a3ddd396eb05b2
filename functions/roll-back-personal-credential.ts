import { rollBackOwnCredential } from '../features/credentials/personal-credential-service.js';
import { routes } from '../features/credentials/personal-routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.rollBackPersonalCredential, ({ principal, params }) =>
  rollBackOwnCredential(principal, params.orgId, params.credentialId),
);
