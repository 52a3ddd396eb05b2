import { getMember } from '../features/members/member-service.js';
import { routes } from '../features/members/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.getMember, ({ principal, params }) => getMember(principal, params.orgId, params.userId));
