// Issue 15's "Done when", as one story: a developer stores a Stripe key in staging, the product's
// worker reveals it with a staging API key, a prod key gets 404 for it, an admin moves it to prod,
// the audit log shows the move and every reveal, and nothing the runtime logged holds the secret.
import { readFileSync } from 'node:fs';
import { expect, inject, it } from 'vitest';
import { signUp } from '../support/api.js';
import { createKey } from '../support/api-keys.js';
import { credentialsPath, uniqueSecret } from '../support/credentials.js';
import { addMember } from '../support/members.js';

it('stores a Stripe key in staging, reveals it to staging only, moves it to prod, and audits all of it', async () => {
  const [admin, developer] = await Promise.all([signUp('walk-admin'), signUp('walk-dev')]);
  const orgId: string = (await admin.api.post('/api/v1/orgs', { name: 'Acme payments' })).body.id;
  const staging: string = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'staging' })).body.id;
  const prod: string = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'prod' })).body.id;
  await addMember(orgId, developer, 'developer', { [staging]: 'developer' });
  const [stagingKey, prodKey] = await Promise.all([
    createKey(admin, orgId, staging, 'developer'),
    createKey(admin, orgId, prod, 'developer'),
  ]);

  // A developer stores the Stripe key in staging.
  const stripeKey = uniqueSecret('stripe_live');
  const stored = await developer.api.post(credentialsPath(orgId, staging), {
    name: 'Stripe',
    type: 'api_key',
    secret: { api_key: stripeKey },
    metadata: { provider: 'stripe' },
  });
  expect(stored.status).toBe(201);
  const id: string = stored.body.id;
  const inStaging = `${credentialsPath(orgId, staging)}/${id}`;

  // The product's worker reveals it with a staging key; a prod key gets 404 for it.
  const revealed = await stagingKey.post(`${inStaging}/reveal`);
  expect(revealed.status).toBe(200);
  expect(revealed.body.secret).toEqual({ api_key: stripeKey });
  const fromProd = await prodKey.post(`${inStaging}/reveal`);
  expect(fromProd.status).toBe(404);

  // An admin moves it to prod: now the prod key reads it, and the staging key no longer does.
  const moved = await admin.api.post(`${inStaging}/move`, { workspace_id: prod });
  expect(moved.status).toBe(200);
  const inProd = `${credentialsPath(orgId, prod)}/${id}`;
  expect((await stagingKey.post(`${inStaging}/reveal`)).status).toBe(404);
  expect((await prodKey.post(`${inProd}/reveal`)).body.secret).toEqual({ api_key: stripeKey });

  // The audit log shows the move and every reveal, and never the secret.
  const log = await admin.api.get(`/api/v1/orgs/${orgId}/audit-log?action=credential.*&target_id=${id}`);
  const actions = log.body.data.map((event: { action: string }) => event.action);
  expect(actions).toEqual(['credential.revealed', 'credential.moved', 'credential.revealed', 'credential.created']);
  expect(log.body.data[1].changes).toEqual({ workspace_id: { from: staging, to: prod } });
  expect(log.body.data.filter((event: { actor: { id: string } }) => event.actor.id === stagingKey.id)).toHaveLength(1);
  expect(JSON.stringify(log.body)).not.toContain(stripeKey);

  // Nothing the runtime logged holds the secret.
  expect(readFileSync(inject('runtimeLogFile'), 'utf8')).not.toContain(stripeKey);
});
