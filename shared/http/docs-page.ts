// The Swagger UI page at /docs. It shares the API's origin, so whatever script it runs could call
// the API with a visitor's token: it loads Swagger UI from the API itself (/docs/assets/), never
// from a CDN, under a Content-Security-Policy that allows only those files, its own hashed start-up
// script and calls to this origin. Tokens typed into "Authorize" live in the page's memory only.
import { createHash } from 'node:crypto';
import { DOCS_ASSETS_PATH } from './docs-asset-files.js';
import { RawBody } from './response.js';

// Relative URLs (openapi.json, docs/assets/...) resolve against /docs, so the page also works
// under a path prefix. validatorUrl: null, or Swagger UI sends the document to validator.swagger.io.
const SCRIPT = `
window.ui = SwaggerUIBundle({
  url: 'openapi.json',
  dom_id: '#swagger-ui',
  validatorUrl: null,
  persistAuthorization: false,
  queryConfigEnabled: false,
});
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** default-src 'none', then only what Swagger UI needs: its files, its icons (data: URLs in its CSS), this origin. */
export const DOCS_PAGE_POLICY = [
  "default-src 'none'",
  `script-src 'self' ${sha256(SCRIPT)}`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Orgspace API</title>
  <link rel="stylesheet" href="${DOCS_ASSETS_PATH}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${DOCS_ASSETS_PATH}/swagger-ui-bundle.js"></script>
  <script>${SCRIPT}</script>
</body>
</html>`;

const page = new RawBody(HTML, 'text/html; charset=utf-8', {
  'content-security-policy': DOCS_PAGE_POLICY,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
});

export function docsPage(): RawBody {
  return page;
}
