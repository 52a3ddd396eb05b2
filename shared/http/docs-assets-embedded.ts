// Swagger UI's files as text, embedded by esbuild when it bundles the asset route for Lambda, where
// no node_modules exists. Node cannot import these (it has no `text` import type), so only
// docs-assets.ts loads this module, and only when the package is not installed beside the code.

import stylesheet from 'swagger-ui-dist/swagger-ui.css' with { type: 'text' };
import bundle from 'swagger-ui-dist/swagger-ui-bundle.js' with { type: 'text' };
import type { DocsAssetFile } from './docs-asset-files.js';

export const embeddedDocsAssets: Record<DocsAssetFile, string> = {
  'swagger-ui-bundle.js': bundle,
  'swagger-ui.css': stylesheet,
};
