import { readOrgLog } from '../features/audit/audit-service.js';
import { routes } from '../features/audit/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listAuditLog, ({ principal, params, query }) => readOrgLog(principal, params.orgId, query));
