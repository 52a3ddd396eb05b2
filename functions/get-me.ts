import { getMe } from '../shared/domain/user-service.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/organizations.js';

export const handler = httpRoute(routes.getMe, ({ caller }) => getMe(caller));
