// No plaintext in what the local runtime logged: every secret this file stores, replaces, reveals,
// moves and breaks (a tampered ciphertext makes the reveal fail with a logged 500) is searched for
// in everything the runtime wrote during the run, up to this file's last request.
import { readFileSync } from 'node:fs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { credentialEntity } from '../../features/credentials/credential-entity.js';
import { db, tableName } from '../../shared/clients.js';
import { signUp } from '../support/api.js';
import { createKey } from '../support/api-keys.js';
import {
  credentialsPath,
  personalCredentialsPath,
  replaceSecret,
  storeCredential,
  storePersonalCredential,
  uniqueSecret,
} from '../support/credentials.js';

describe('plaintext in logs', () => {
  it('never reaches what the runtime logged, failures included', async () => {
    const admin = await signUp('plaintext');
    const orgId: string = (await admin.api.post('/api/v1/orgs', { name: 'Plaintext' })).body.id;
    const staging: string = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'staging' })).body.id;
    const prod: string = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'prod' })).body.id;
    const key = await createKey(admin, orgId, staging, 'developer');
    const secrets: string[] = [];
    const { id, secret } = await storeCredential(admin, orgId, staging, { secret: uniqueSecret('logged') });
    secrets.push(secret, await replaceSecret(admin, orgId, staging, id, uniqueSecret('replaced')));
    const one = `${credentialsPath(orgId, staging)}/${id}`;
    expect((await key.post(`${one}/reveal`)).status).toBe(200);
    expect((await admin.api.post(`${one}/rollback`)).status).toBe(200);
    // Refused requests carry the secret in their bodies: a name taken, a secret too large.
    const taken = await admin.api.post(credentialsPath(orgId, staging), {
      name: 'dup',
      type: 'generic',
      secret: { a: uniqueSecret('one') },
    });
    const dupSecret = uniqueSecret('dup');
    secrets.push(dupSecret);
    expect((await admin.api.post(credentialsPath(orgId, staging), { name: 'DUP', type: 'generic', secret: { a: dupSecret } })).status).toBe(
      409,
    );
    expect(taken.status).toBe(201);
    expect((await admin.api.post(`${one}/move`, { workspace_id: prod })).status).toBe(200);
    // A tampered ciphertext: the reveal fails with a 500, which the runtime logs.
    const broken = await storeCredential(admin, orgId, prod, { secret: uniqueSecret('broken') });
    secrets.push(broken.secret);
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: credentialEntity.key({ org_id: orgId, workspace_id: prod, id: broken.id }),
        UpdateExpression: 'SET sealed_secret = :sealed',
        ExpressionAttributeValues: { ':sealed': `v1.${Buffer.alloc(40, 7).toString('base64')}` },
      }),
    );
    const failed = await admin.api.post(`${credentialsPath(orgId, prod)}/${broken.id}/reveal`);
    expect(failed.status).toBe(500);

    // A personal credential: stored, replaced, revealed, and copied where it does not open.
    const personal = await storePersonalCredential(admin, orgId, { secret: uniqueSecret('personal') });
    secrets.push(personal.secret);
    const own = `${personalCredentialsPath(orgId)}/${personal.id}`;
    const personalNext = uniqueSecret('personal-next');
    secrets.push(personalNext);
    expect((await admin.api.put(`${own}/secret`, { secret: { api_key: personalNext } })).status).toBe(200);
    expect((await admin.api.post(`${own}/reveal`)).status).toBe(200);
    expect((await admin.api.post(`${own}/rollback`)).status).toBe(200);

    const logged = readFileSync(inject('runtimeLogFile'), 'utf8');
    // The tap works: the failure's request id is in it.
    expect(logged).toContain(failed.body.error.request_id);
    for (const plaintext of secrets) expect(logged.includes(plaintext), plaintext).toBe(false);
  });
});
