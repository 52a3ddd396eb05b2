import { listMembers } from '../shared/domain/member-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/members.js';

export const handler = httpRoute(routes.listMembers, ({ caller, params, query }) => listMembers(caller, params.orgId, query));
