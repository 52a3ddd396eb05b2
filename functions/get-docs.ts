import { docsPage } from '../shared/http/docs-page.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/service.js';

export const handler = httpRoute(routes.getDocs, async () => docsPage());
