import { replaceCredentialSecret } from '../features/credentials/credential-service.js';
import { routes } from '../features/credentials/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.replaceCredentialSecret, ({ principal, params, body }) =>
  replaceCredentialSecret(principal, params.orgId, params.workspaceId, params.credentialId, body),
);
