import { openApiDocument } from '../shared/http/openapi.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/service.js';

export const handler = httpRoute(routes.getOpenapi, async () => openApiDocument());
