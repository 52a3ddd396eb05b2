// Rows of the route table (../routes.ts): a workspace's API keys. Only people manage keys: a key
// cannot make, list or rotate keys, its own included.
import { defineRoute, V1 } from '../../shared/http/route.js';
import { page, pageQuery, workspaceParams } from '../../shared/http/schemas.js';
import { commonErrors } from '../../shared/vocabulary/errors.js';
import { apiKeyErrors } from './errors.js';
import { apiKey, apiKeyParams, apiKeyWithSecret, createApiKeyBody, rotateApiKeyBody, updateApiKeyBody } from './schemas.js';

const KEYS = `${V1}/orgs/{orgId}/workspaces/{workspaceId}/api-keys`;
const ONE_READ_THEN_WRITE = {
  count: 2,
  reason:
    "reads the key (its secrets' lookup items are named in it) with the caller's membership, then one transaction conditioned on what it read",
};

export const routes = {
  createApiKey: defineRoute({
    name: 'create-api-key',
    method: 'POST',
    path: KEYS,
    summary: 'Create a workspace API key',
    description:
      "The answer carries the key, once: only its SHA-256 is stored. The key's role is at most its creator's (only the workspace's admins make keys). At most 50 keys per workspace that are not revoked.",
    tag: 'API keys',
    auth: 'user',
    tableAccess: 'write',
    permission: 'api_key:manage',
    params: workspaceParams,
    body: createApiKeyBody,
    response: apiKeyWithSecret,
    errorCodes: [commonErrors.forbidden, apiKeyErrors.limitReached],
    records: ['api_key.created'],
    successStatus: 201,
    errors: [403, 409],
    dynamoRoundTrips: { count: 1 },
  }),
  listApiKeys: defineRoute({
    name: 'list-api-keys',
    method: 'GET',
    path: KEYS,
    summary: "A workspace's API keys, revoked ones included",
    tag: 'API keys',
    auth: 'user',
    tableAccess: 'read',
    permission: 'api_key:manage',
    params: workspaceParams,
    query: pageQuery,
    response: page(apiKey),
    errorCodes: [commonErrors.forbidden],
    successStatus: 200,
    errors: [403],
    dynamoRoundTrips: {
      count: 2,
      sequential: 1,
      reason:
        "the caller's membership with the workspace (one BatchGetItem) and the page of keys, sent in parallel (one round trip of latency): no single key range holds both",
    },
  }),
  getApiKey: defineRoute({
    name: 'get-api-key',
    method: 'GET',
    path: `${KEYS}/{keyId}`,
    summary: 'One API key (never its secret)',
    tag: 'API keys',
    auth: 'user',
    tableAccess: 'read',
    permission: 'api_key:manage',
    params: apiKeyParams,
    response: apiKey,
    errorCodes: [commonErrors.forbidden],
    successStatus: 200,
    errors: [403],
    etag: true,
    dynamoRoundTrips: { count: 1 },
  }),
  updateApiKey: defineRoute({
    name: 'update-api-key',
    method: 'PATCH',
    path: `${KEYS}/{keyId}`,
    summary: 'Rename an API key',
    tag: 'API keys',
    auth: 'user',
    tableAccess: 'write',
    permission: 'api_key:manage',
    params: apiKeyParams,
    body: updateApiKeyBody,
    response: apiKey,
    errorCodes: [commonErrors.forbidden, apiKeyErrors.revoked, commonErrors.concurrentModification],
    records: ['api_key.updated'],
    successStatus: 200,
    etag: true,
    errors: [403, 409, 412],
    dynamoRoundTrips: ONE_READ_THEN_WRITE,
  }),
  revokeApiKey: defineRoute({
    name: 'revoke-api-key',
    method: 'DELETE',
    path: `${KEYS}/{keyId}`,
    summary: 'Revoke an API key',
    description:
      'It stops working from the next request (every route that takes keys re-checks the key as it reads). The key is kept, revoked, so the list and the audit log can still name it; revoking it again changes nothing.',
    tag: 'API keys',
    auth: 'user',
    tableAccess: 'write',
    permission: 'api_key:manage',
    params: apiKeyParams,
    errorCodes: [commonErrors.forbidden, commonErrors.concurrentModification],
    records: ['api_key.revoked'],
    successStatus: 204,
    errors: [403, 409],
    dynamoRoundTrips: ONE_READ_THEN_WRITE,
  }),
  rotateApiKey: defineRoute({
    name: 'rotate-api-key',
    method: 'POST',
    path: `${KEYS}/{keyId}/rotate`,
    summary: 'Give an API key a new secret',
    description:
      'The answer carries the new secret, once. The replaced one works on for `grace_period_hours` (0 to 168, default 24); a secret replaced by an earlier rotation stops now. Send `{}` for the defaults.',
    tag: 'API keys',
    auth: 'user',
    tableAccess: 'write',
    permission: 'api_key:manage',
    params: apiKeyParams,
    body: rotateApiKeyBody,
    response: apiKeyWithSecret,
    errorCodes: [commonErrors.forbidden, apiKeyErrors.revoked, commonErrors.concurrentModification],
    records: ['api_key.rotated'],
    successStatus: 200,
    errors: [403, 409],
    dynamoRoundTrips: ONE_READ_THEN_WRITE,
  }),
};
