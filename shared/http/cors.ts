// One CORS policy for the HTTP API in AWS and for the local runtime, so a browser client behaves
// the same against both. Bearer tokens, not cookies, so any origin may call.
export const CORS_POLICY = {
  allowOrigins: ['*'],
  allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match'],
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  exposeHeaders: ['etag', 'retry-after', 'x-request-id'],
  maxAgeSeconds: 3600,
} as const;
