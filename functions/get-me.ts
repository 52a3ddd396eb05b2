import { routes } from '../features/users/routes.js';
import { getMe } from '../features/users/user-service.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.getMe, ({ principal }) => getMe(principal));
