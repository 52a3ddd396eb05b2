import { listMembers } from '../features/members/member-service.js';
import { routes } from '../features/members/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.listMembers, ({ principal, params, query }) => listMembers(principal, params.orgId, query));
