import { updateDomainSettings } from '../features/joining/join-settings-service.js';
import { routes } from '../features/joining/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.updateDomainSettings, ({ principal, params, body }) =>
  updateDomainSettings(principal, params.orgId, body),
);
