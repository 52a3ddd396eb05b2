// The files of swagger-ui-dist that the API serves under /docs/assets/, and their media types: an
// allow-list, so no other file of the package (or of the function) can be asked for by name. Kept
// apart from their contents (docs-assets.ts), which only the asset route's bundle carries.
export const DOCS_ASSET_TYPES = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
} as const;

export type DocsAssetFile = keyof typeof DOCS_ASSET_TYPES;

export const DOCS_ASSET_FILES = Object.keys(DOCS_ASSET_TYPES) as [DocsAssetFile, ...DocsAssetFile[]];

/** Where the docs page finds them, relative to /docs. */
export const DOCS_ASSETS_PATH = 'docs/assets';
