// Faults injected at the credentials' KMS client: when KMS throttles or is down, creating a
// credential answers 503 with Retry-After and writes nothing, and once it answers again the create
// goes through once. The handler runs for real against DynamoDB Local; only KMS's answers are replaced.
import { randomBytes } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Before the handlers load: they pick the key keeper from the environment at import, as in Lambda.
vi.hoisted(() => {
  delete process.env.CREDENTIALS_MASTER_KEY_FILE;
  process.env.CREDENTIALS_KMS_KEY_ID = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
});

import { GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { routes as personalRoutes } from '../../features/credentials/personal-routes.js';
import { routes } from '../../features/credentials/routes.js';
import { handler as createCredential } from '../../functions/create-credential.js';
import { handler as createPersonalCredential } from '../../functions/create-personal-credential.js';
import { credentialKmsClient } from '../../shared/envelope/data-key-client.js';
import { signUp, type TestUser } from '../support/api.js';
import { routeEvent, sampleContext } from '../support/route-samples.js';
import { itemsOfOrg } from '../support/table.js';

const awsError = (name: string) => Object.assign(new Error(`${name}: the key service says no`), { name, $metadata: {} });

let user: TestUser;
let orgId: string;
let workspaceId: string;

beforeAll(async () => {
  user = await signUp('credential-kms');
  orgId = (await user.api.post('/api/v1/orgs', { name: 'KMS outage' })).body.id;
  workspaceId = (await user.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'fresh' })).body.id;
});

beforeEach(() => {
  vi.restoreAllMocks();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

const create = (name: string) =>
  createCredential(
    routeEvent(
      routes.createCredential,
      { path: { orgId, workspaceId }, body: { name, type: 'api_key', secret: { api_key: 'sk_kms_fault_test_1234' } } },
      user,
    ),
    sampleContext,
  );
const credentialItems = async () => (await itemsOfOrg(orgId)).filter((item) => String(item.type).startsWith('credential'));

describe('when KMS is unavailable', () => {
  it.each(['ThrottlingException', 'KMSInternalException', 'DependencyTimeoutException', 'KeyUnavailableException'])(
    'answers %s with 503 and Retry-After, and writes nothing',
    async (name) => {
      vi.spyOn(credentialKmsClient!, 'send').mockRejectedValue(awsError(name) as never);
      const response = await create(`during ${name}`);
      expect(response.statusCode).toBe(503);
      expect(response.headers!['retry-after']).toBe('1');
      expect(JSON.parse(response.body!).error.code).toBe('service_unavailable');
      expect(await credentialItems()).toEqual([]);
    },
  );

  it('stores the credential once KMS answers again, with the data key it generated', async () => {
    vi.spyOn(credentialKmsClient!, 'send').mockImplementation((async (command: unknown) => {
      if (!(command instanceof GenerateDataKeyCommand)) throw new Error('only GenerateDataKey is expected');
      return { Plaintext: randomBytes(32), CiphertextBlob: randomBytes(64) };
    }) as never);
    const response = await create('after the outage');
    expect(response.statusCode).toBe(201);
    expect((await credentialItems()).map((item) => item.type).sort()).toEqual(['credential', 'credential_data_key', 'credential_name']);
  });
});

describe('when KMS is unavailable for a personal credential', () => {
  it('answers 503 with Retry-After, and writes nothing', async () => {
    vi.spyOn(credentialKmsClient!, 'send').mockRejectedValue(awsError('ThrottlingException') as never);
    const response = await createPersonalCredential(
      routeEvent(
        personalRoutes.createPersonalCredential,
        { path: { orgId }, body: { name: 'during the outage', type: 'api_key', secret: { api_key: 'sk_kms_fault_personal_1234' } } },
        user,
      ),
      sampleContext,
    );
    expect(response.statusCode).toBe(503);
    expect(response.headers!['retry-after']).toBe('1');
    expect((await itemsOfOrg(orgId)).filter((item) => String(item.type).startsWith('personal_credential'))).toEqual([]);
  });
});
