// Workspace credentials end to end, through the local API: stored encrypted, shown masked, revealed
// only to those who may (every reveal audited), versioned with a 7-day rollback, moved between
// workspaces in one transaction, and a ciphertext that was tampered with or copied is refused.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { credentialEntity } from '../../features/credentials/credential-entity.js';
import { db, tableName } from '../../shared/clients.js';
import { signUp, type TestUser } from '../support/api.js';
import { createKey, type TestKey } from '../support/api-keys.js';
import { credentialsPath, replaceSecret, storeCredential, uniqueSecret } from '../support/credentials.js';
import { addMember } from '../support/members.js';
import { itemsOfOrg } from '../support/table.js';

let admin: TestUser;
let developer: TestUser;
let viewer: TestUser;
let orgId: string;
let staging: string;
let prod: string;
let stagingKey: TestKey;
let stagingViewerKey: TestKey;
let prodKey: TestKey;

const one = (workspaceId: string, id: string) => `${credentialsPath(orgId, workspaceId)}/${id}`;

beforeAll(async () => {
  [admin, developer, viewer] = await Promise.all([signUp('cred-admin'), signUp('cred-dev'), signUp('cred-viewer')]);
  orgId = (await admin.api.post('/api/v1/orgs', { name: 'Vault' })).body.id;
  staging = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'staging' })).body.id;
  prod = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'prod' })).body.id;
  await addMember(orgId, developer, 'developer', { [staging]: 'developer' });
  await addMember(orgId, viewer, 'viewer', { [staging]: 'viewer' });
  [stagingKey, stagingViewerKey, prodKey] = await Promise.all([
    createKey(admin, orgId, staging, 'developer'),
    createKey(admin, orgId, staging, 'viewer'),
    createKey(admin, orgId, prod, 'developer'),
  ]);
});

describe('storing a credential', () => {
  it('answers 201 without the secret, and lists and reads it masked', async () => {
    const secret = uniqueSecret('stripe');
    const created = await developer.api.post(credentialsPath(orgId, staging), {
      name: 'Stripe',
      type: 'api_key',
      secret: { api_key: secret },
      metadata: { provider: 'stripe' },
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(secret);
    expect(created.body).toMatchObject({
      name: 'Stripe',
      type: 'api_key',
      hints: { api_key: `••••${secret.slice(-4)}` },
      secret_version: 1,
    });

    const listed = await viewer.api.get(credentialsPath(orgId, staging));
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((item: { id: string }) => item.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const read = await stagingViewerKey.get(one(staging, created.body.id));
    expect(read.body.hints).toEqual({ api_key: `••••${secret.slice(-4)}` });
  });

  it('keeps names unique per workspace, case-insensitively, and refuses what its type lacks', async () => {
    await storeCredential(admin, orgId, staging, { name: 'Twilio' });
    const again = await admin.api.post(credentialsPath(orgId, staging), { name: 'TWILIO', type: 'generic', secret: { token: 'x' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('credential_name_taken');
    const elsewhere = await admin.api.post(credentialsPath(orgId, prod), { name: 'twilio', type: 'generic', secret: { token: 'x' } });
    expect(elsewhere.status).toBe(201);
    const incomplete = await admin.api.post(credentialsPath(orgId, staging), { name: 'Half', type: 'basic', secret: { username: 'u' } });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.details).toContainEqual({ field: 'body.secret.password', message: 'is required for a basic credential' });
  });

  it('answers a secret over 16 KB with 413 secret_too_large, whatever its fields', async () => {
    const big = await admin.api.post(credentialsPath(orgId, staging), {
      name: 'Big',
      type: 'generic',
      secret: { blob: 'x'.repeat(16 * 1024) },
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('secret_too_large');
  });
});

describe('revealing a secret', () => {
  it('answers developers, admins and developer keys of the workspace, and records every reveal', async () => {
    const { id, secret } = await storeCredential(admin, orgId, staging);
    for (const caller of [admin.api, developer.api, stagingKey]) {
      const revealed = await caller.post(`${one(staging, id)}/reveal`);
      expect(revealed.status).toBe(200);
      expect(revealed.body).toMatchObject({ id, secret_version: 1, secret: { api_key: secret } });
    }
    expect((await viewer.api.post(`${one(staging, id)}/reveal`)).status).toBe(403);
    expect((await stagingViewerKey.post(`${one(staging, id)}/reveal`)).status).toBe(403);
    expect((await prodKey.post(`${one(staging, id)}/reveal`)).status).toBe(404);
    const log = await admin.api.get(`/api/v1/orgs/${orgId}/audit-log?action=credential.revealed&target_id=${id}`);
    expect(log.body.data).toHaveLength(3);
    expect(log.body.data.map((event: { actor: { type: string } }) => event.actor.type).sort()).toEqual(['api_key', 'user', 'user']);
    expect(JSON.stringify(log.body)).not.toContain(secret);
  });
});

describe('versions', () => {
  it('keeps the replaced secret for rollback, which brings it back as a new version', async () => {
    const { id, secret: first } = await storeCredential(admin, orgId, staging);
    const second = await replaceSecret(developer, orgId, staging, id);
    expect((await developer.api.post(`${one(staging, id)}/reveal`)).body).toMatchObject({ secret_version: 2, secret: { api_key: second } });
    const rolledBack = await developer.api.post(`${one(staging, id)}/rollback`);
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body.secret_version).toBe(3);
    expect((await developer.api.post(`${one(staging, id)}/reveal`)).body.secret).toEqual({ api_key: first });
  });

  it('has nothing to roll back to before a replacement', async () => {
    const { id } = await storeCredential(admin, orgId, staging);
    const refused = await admin.api.post(`${one(staging, id)}/rollback`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('no_previous_version');
  });
});

describe('moving a credential', () => {
  it('moves it for an admin of both workspaces; the old workspace and its key no longer find it', async () => {
    const { id, secret } = await storeCredential(admin, orgId, staging, { name: 'Movable' });
    expect((await developer.api.post(`${one(staging, id)}/move`, { workspace_id: prod })).status).toBe(403);
    const moved = await admin.api.post(`${one(staging, id)}/move`, { workspace_id: prod });
    expect(moved.status).toBe(200);
    expect(moved.body.workspace_id).toBe(prod);
    expect((await stagingKey.post(`${one(staging, id)}/reveal`)).status).toBe(404);
    expect((await prodKey.post(`${one(prod, id)}/reveal`)).body.secret).toEqual({ api_key: secret });
    // The old name is free again in staging.
    await storeCredential(admin, orgId, staging, { name: 'movable' });
    const log = await admin.api.get(`/api/v1/orgs/${orgId}/audit-log?action=credential.moved&target_id=${id}`);
    expect(log.body.data[0].changes).toEqual({ workspace_id: { from: staging, to: prod } });
  });

  it('answers 409 credential_name_taken when the target holds that name, and moves nothing', async () => {
    const { id } = await storeCredential(admin, orgId, staging, { name: 'Clash' });
    await storeCredential(admin, orgId, prod, { name: 'CLASH' });
    const refused = await admin.api.post(`${one(staging, id)}/move`, { workspace_id: prod });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('credential_name_taken');
    expect((await admin.api.get(one(staging, id))).status).toBe(200);
  });
});

describe('ciphertexts at rest', () => {
  const sealedOf = async (workspaceId: string, id: string) =>
    (
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: credentialEntity.key({ org_id: orgId, workspace_id: workspaceId, id }),
          UpdateExpression: 'SET sealed_secret = sealed_secret',
          ReturnValues: 'ALL_NEW',
        }),
      )
    ).Attributes!.sealed_secret as string;
  const setSealed = (workspaceId: string, id: string, sealed: string) =>
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: credentialEntity.key({ org_id: orgId, workspace_id: workspaceId, id }),
        UpdateExpression: 'SET sealed_secret = :sealed',
        ExpressionAttributeValues: { ':sealed': sealed },
      }),
    );

  it('refuses a tampered ciphertext, naming only the request id', async () => {
    const { id, secret } = await storeCredential(admin, orgId, staging);
    const sealed = await sealedOf(staging, id);
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[20] = bytes[20]! ^ 1;
    await setSealed(staging, id, `v1.${bytes.toString('base64')}`);
    const revealed = await admin.api.post(`${one(staging, id)}/reveal`);
    expect(revealed.status).toBe(500);
    expect(JSON.stringify(revealed.body)).not.toContain(secret);
  });

  it("refuses a ciphertext copied onto another credential, or into another workspace's", async () => {
    const source = await storeCredential(admin, orgId, staging);
    const sameWorkspace = await storeCredential(admin, orgId, staging);
    const otherWorkspace = await storeCredential(admin, orgId, prod);
    const sealed = await sealedOf(staging, source.id);
    await setSealed(staging, sameWorkspace.id, sealed);
    await setSealed(prod, otherWorkspace.id, sealed);
    expect((await admin.api.post(`${one(staging, sameWorkspace.id)}/reveal`)).status).toBe(500);
    expect((await admin.api.post(`${one(prod, otherWorkspace.id)}/reveal`)).status).toBe(500);
    expect((await admin.api.post(`${one(staging, source.id)}/reveal`)).body.secret).toEqual({ api_key: source.secret });
  });
});

describe('a deleted workspace', () => {
  it('takes its credentials and its data key with it, each erasure an event', async () => {
    const doomed: string = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'doomed' })).body.id;
    const { id } = await storeCredential(admin, orgId, doomed);
    expect((await admin.api.delete(`/api/v1/orgs/${orgId}/workspaces/${doomed}`)).status).toBe(204);
    const remaining = async () =>
      (await itemsOfOrg(orgId)).filter((item) => String(item.type).startsWith('credential') && String(item.sk).includes(doomed));
    for (let tries = 0; tries < 100 && (await remaining()).length > 0; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await remaining()).toEqual([]);
    const log = await admin.api.get(`/api/v1/orgs/${orgId}/audit-log?action=credential.deleted&target_id=${id}`);
    expect(log.body.data[0].actor.type).toBe('system');
  });
});
