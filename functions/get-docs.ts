import { routes } from '../features/service/routes.js';
import { docsPage } from '../shared/http/docs-page.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.getDocs, async () => docsPage());
