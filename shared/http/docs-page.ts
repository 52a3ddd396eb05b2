import { docsAssetBaseUrl } from '../config.js';
import { RawBody } from './response.js';

export function docsPage(): RawBody {
  const assets = docsAssetBaseUrl();
  return new RawBody(
    `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Orgspace API</title>
  <link rel="stylesheet" href="${assets}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${assets}/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: new URL('openapi.json', window.location.href.replace(/docs\\/?$/, '')).href, dom_id: '#swagger-ui', persistAuthorization: true });
  </script>
</body>
</html>`,
    'text/html; charset=utf-8',
  );
}
