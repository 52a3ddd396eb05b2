import { routes } from '../features/service/routes.js';
import { docsAsset } from '../shared/http/docs-assets.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.getDocsAsset, async ({ params }) => docsAsset(params.file));
