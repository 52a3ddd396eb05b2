// Rows of the route table (../routes.ts): the service's own routes, liveness and the API's documents.
// A handler imports its own area's rows, so its bundle builds no other area's schemas.
import * as z from 'zod/mini';
import { DOCS_ASSET_FILES, DOCS_ASSETS_PATH } from '../../shared/http/docs-asset-files.js';
import { defineRoute, V1 } from '../../shared/http/route.js';
import { emptyParams } from '../../shared/http/schemas.js';

export const routes = {
  health: defineRoute({
    name: 'health',
    method: 'GET',
    path: `${V1}/health`,
    summary: 'Liveness check',
    tag: 'Service',
    auth: 'public',
    tableAccess: 'none',
    params: emptyParams,
    successStatus: 200,
    response: z.object({ status: z.literal('ok') }),
    dynamoRoundTrips: { count: 0 },
  }),
  getOpenapi: defineRoute({
    name: 'get-openapi',
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    tag: 'Service',
    auth: 'public',
    tableAccess: 'none',
    params: emptyParams,
    successStatus: 200,
    mediaTypes: ['application/json'],
    dynamoRoundTrips: { count: 0 },
  }),
  getDocs: defineRoute({
    name: 'get-docs',
    method: 'GET',
    path: '/docs',
    summary: 'Interactive API documentation (Swagger UI)',
    tag: 'Service',
    auth: 'public',
    tableAccess: 'none',
    params: emptyParams,
    successStatus: 200,
    mediaTypes: ['text/html'],
    dynamoRoundTrips: { count: 0 },
  }),
  getDocsAsset: defineRoute({
    name: 'get-docs-asset',
    method: 'GET',
    path: `/${DOCS_ASSETS_PATH}/{file}`,
    summary: "Swagger UI's script and stylesheet, for the documentation page",
    tag: 'Service',
    auth: 'public',
    tableAccess: 'none',
    params: z.strictObject({ file: z.enum(DOCS_ASSET_FILES) }),
    successStatus: 200,
    mediaTypes: ['text/javascript', 'text/css'],
    dynamoRoundTrips: { count: 0 },
  }),
};
