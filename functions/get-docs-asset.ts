import { docsAsset } from '../shared/http/docs-assets.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/service.js';

export const handler = httpRoute(routes.getDocsAsset, async ({ params }) => docsAsset(params.file));
