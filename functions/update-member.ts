import { updateMember } from '../shared/domain/member-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/members.js';

export const handler = httpRoute(routes.updateMember, ({ caller, params, body, ifMatch }) =>
  updateMember(caller, params.orgId, params.userId, body, ifMatch),
);
