import { getMember } from '../shared/domain/member-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/members.js';

export const handler = httpRoute(routes.getMember, ({ caller, params }) => getMember(caller, params.orgId, params.userId));
