import { removeMember } from '../shared/domain/member-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/members.js';

export const handler = httpRoute(routes.removeMember, ({ caller, params }) => removeMember(caller, params.orgId, params.userId));
