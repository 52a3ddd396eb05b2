import { updateMember } from '../features/members/member-service.js';
import { routes } from '../features/members/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.updateMember, ({ principal, params, body, ifMatch }) =>
  updateMember(principal, params.orgId, params.userId, body, ifMatch),
);
