import { routeList } from '../features/routes.js';
import { routes } from '../features/service/routes.js';
import { openApiDocument } from '../shared/http/openapi.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.getOpenapi, async () => openApiDocument(routeList));
