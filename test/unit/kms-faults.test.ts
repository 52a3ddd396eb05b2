// Faults injected at the KMS client: what a caller of the access-token routes sees when the signing
// key's service throttles, fails or refuses. The handlers run for real, against DynamoDB Local;
// only the KMS client's answers are replaced (there is no KMS here, and these are its failures).
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Before the handlers load: they pick the signer from the environment at import, as in Lambda.
vi.hoisted(() => {
  delete process.env.TOKEN_SIGNING_KEY_FILE;
  process.env.TOKEN_SIGNING_KEY_ID = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
});

import { routes } from '../../features/access-tokens/routes.js';
import { handler as createAccessToken } from '../../functions/create-access-token.js';
import { handler as getAccessTokenKeys } from '../../functions/get-access-token-keys.js';
import { kmsClient } from '../../shared/tokens/token-signer-client.js';
import { signUp, type TestUser } from '../support/api.js';
import { routeEvent, sampleContext } from '../support/route-samples.js';

const awsError = (name: string) =>
  Object.assign(new Error(`${name}: arn:aws:kms:us-east-1:111122223333:key/1234abcd says no`), { name, $metadata: {} });

let user: TestUser;
let workspace: { orgId: string; workspaceId: string };

beforeAll(async () => {
  user = await signUp('kms');
  const orgId: string = (await user.api.get('/api/v1/me')).body.orgs[0].id;
  workspace = { orgId, workspaceId: (await user.api.get(`/api/v1/orgs/${orgId}/workspaces`)).body.data[0].id };
});

beforeEach(() => {
  vi.restoreAllMocks();
  // The 503s and 500s are logged by design; keep the test output for failures.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

const askForToken = () => createAccessToken(routeEvent(routes.createAccessToken, { path: workspace }, user), sampleContext);
const askForKeys = () => getAccessTokenKeys(routeEvent(routes.getAccessTokenKeys, {}, user), sampleContext);

describe('when KMS is unavailable', () => {
  it.each(['ThrottlingException', 'KMSInternalException', 'DependencyTimeoutException', 'KeyUnavailableException'])(
    'answers %s with 503 and Retry-After, for the token and for the keys',
    async (name) => {
      vi.spyOn(kmsClient!, 'send').mockRejectedValue(awsError(name) as never);

      for (const response of [await askForToken(), await askForKeys()]) {
        expect(response.statusCode).toBe(503);
        expect(response.headers!['retry-after']).toBe('1');
        expect(JSON.parse(response.body!).error).toMatchObject({ code: 'service_unavailable', request_id: 'sample-request' });
      }
    },
  );
});

describe('when KMS refuses (a key disabled, a grant missing)', () => {
  it('answers 500 naming only the request id: no key, no KMS message', async () => {
    vi.spyOn(kmsClient!, 'send').mockRejectedValue(awsError('AccessDeniedException') as never);

    const response = await askForToken();

    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body!)).toEqual({
      error: { code: 'internal_error', message: expect.any(String), request_id: 'sample-request', details: [] },
    });
    expect(response.body).not.toMatch(/kms|arn|AccessDenied/i);
  });
});
