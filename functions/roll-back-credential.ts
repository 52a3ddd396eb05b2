import { rollBackCredential } from '../features/credentials/credential-service.js';
import { routes } from '../features/credentials/routes.js';
import { idempotentRoute } from '../shared/http/idempotent-route.js';

export const handler = idempotentRoute(routes.rollBackCredential, ({ principal, params }) =>
  rollBackCredential(principal, params.orgId, params.workspaceId, params.credentialId),
);
