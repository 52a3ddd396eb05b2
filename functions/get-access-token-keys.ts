import { accessTokenKeySet } from '../features/access-tokens/access-token-keys.js';
import { routes } from '../features/access-tokens/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';
import { RawBody } from '../shared/http/response.js';

// Cacheable, unlike the API's JSON answers: verifiers fetch it often, and it changes only with the key.
export const handler = httpRoute(
  routes.getAccessTokenKeys,
  async () => new RawBody(JSON.stringify(await accessTokenKeySet()), 'application/json', { 'cache-control': 'public, max-age=300' }),
);
