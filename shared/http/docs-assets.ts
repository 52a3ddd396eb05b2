// Swagger UI's files for /docs/assets/{file}, served by the API itself so that the docs page loads
// nothing from another origin. Run from source (the local runtime, tests, the bench's in-process
// calls), they are read from the installed swagger-ui-dist; in a Lambda bundle, where none is
// installed, esbuild has embedded them (docs-assets-embedded.ts).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DOCS_ASSET_TYPES, type DocsAssetFile } from './docs-asset-files.js';
import { RawBody } from './response.js';

function installedPackage(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  } catch {
    return undefined;
  }
}

const loaded = new Map<DocsAssetFile, Promise<RawBody>>();

async function load(file: DocsAssetFile): Promise<RawBody> {
  const installed = installedPackage();
  const text = installed
    ? await readFile(join(installed, file), 'utf8')
    : (await import('./docs-assets-embedded.js')).embeddedDocsAssets[file];
  // nosniff: a browser must not run the stylesheet as a script, nor the reverse.
  return new RawBody(text, DOCS_ASSET_TYPES[file], { 'x-content-type-options': 'nosniff' });
}

export function docsAsset(file: DocsAssetFile): Promise<RawBody> {
  let asset = loaded.get(file);
  if (!asset) {
    asset = load(file);
    loaded.set(file, asset);
    asset.catch(() => loaded.delete(file));
  }
  return asset;
}
