import { getDomainSettings } from '../features/joining/join-settings-service.js';
import { routes } from '../features/joining/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.getDomainSettings, ({ principal, params }) => getDomainSettings(principal, params.orgId));
