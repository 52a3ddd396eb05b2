// Personal credentials end to end, through the local API: a member's own secrets in one org, that
// nobody else can read or change (org admins included), versioned like workspace credentials,
// sealed under the member's own data key, and erased when the member leaves or is removed.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { personalCredentialEntity } from '../../features/credentials/personal-credential-entity.js';
import { erasePersonalCredentials } from '../../features/credentials/personal-credential-store.js';
import { db, tableName } from '../../shared/clients.js';
import { systemPrincipal } from '../../shared/vocabulary/principal.js';
import { signUp, type TestUser } from '../support/api.js';
import { createKey, type TestKey } from '../support/api-keys.js';
import { personalCredentialsPath, storeCredential, storePersonalCredential, uniqueSecret } from '../support/credentials.js';
import { addMember } from '../support/members.js';
import { itemsOfOrg } from '../support/table.js';

let admin: TestUser;
let developer: TestUser;
let viewer: TestUser;
let orgId: string;
let staging: string;
let stagingAdminKey: TestKey;

const mine = (id: string) => `${personalCredentialsPath(orgId)}/${id}`;
const ofMember = (userId: string, id = '') => `/api/v1/orgs/${orgId}/members/${userId}/credentials${id ? `/${id}` : ''}`;

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let tries = 0; tries < 100 && !done(value); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

beforeAll(async () => {
  [admin, developer, viewer] = await Promise.all([signUp('pcred-admin'), signUp('pcred-dev'), signUp('pcred-viewer')]);
  orgId = (await admin.api.post('/api/v1/orgs', { name: 'Personal vault' })).body.id;
  staging = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'staging' })).body.id;
  await addMember(orgId, developer, 'developer', { [staging]: 'developer' });
  await addMember(orgId, viewer, 'viewer');
  stagingAdminKey = await createKey(admin, orgId, staging, 'admin');
});

describe('a personal credential', () => {
  it('is stored by any member, shown masked, and revealed to its owner only, every reveal audited', async () => {
    const secret = uniqueSecret('github');
    const created = await viewer.api.post(personalCredentialsPath(orgId), {
      name: 'GitHub',
      type: 'api_key',
      secret: { api_key: secret },
      metadata: { scope: 'repo' },
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(secret);
    expect(created.body).toMatchObject({
      org_id: orgId,
      owner_id: viewer.id,
      name: 'GitHub',
      hints: { api_key: `••••${secret.slice(-4)}` },
      secret_version: 1,
    });
    const id: string = created.body.id;

    const listed = await viewer.api.get(personalCredentialsPath(orgId));
    expect(listed.body.data.map((item: { id: string }) => item.id)).toEqual([id]);
    const revealed = await viewer.api.post(`${mine(id)}/reveal`);
    expect(revealed.status).toBe(200);
    expect(revealed.body.secret).toEqual({ api_key: secret });

    // Nobody else finds it: not another member, not the org admin, not a key of any role.
    for (const other of [admin, developer]) {
      expect((await other.api.get(mine(id))).status).toBe(404);
      expect((await other.api.post(`${mine(id)}/reveal`)).status).toBe(404);
      expect((await other.api.put(`${mine(id)}/secret`, { secret: { api_key: 'sk_hijack_0123456789' } })).status).toBe(404);
      expect((await other.api.get(personalCredentialsPath(orgId))).body.data.map((item: { id: string }) => item.id)).not.toContain(id);
    }
    expect((await stagingAdminKey.post(`${mine(id)}/reveal`)).status).toBe(403);

    const log = await admin.api.get(`/api/v1/orgs/${orgId}/audit-log?action=personal_credential.revealed&target_id=${id}`);
    expect(log.body.data).toHaveLength(1);
    expect(log.body.data[0].actor).toMatchObject({ type: 'user', id: viewer.id });
    expect(JSON.stringify(log.body)).not.toContain(secret);
  });

  it('is apart from workspace credentials: the same name in both, each with its own secret', async () => {
    const workspaceOne = await storeCredential(developer, orgId, staging, { name: 'Stripe' });
    const personalOne = await storePersonalCredential(developer, orgId, { name: 'Stripe' });
    expect((await developer.api.post(`${mine(personalOne.id)}/reveal`)).body.secret).toEqual({ api_key: personalOne.secret });
    const workspacePath = `/api/v1/orgs/${orgId}/workspaces/${staging}/credentials/${workspaceOne.id}`;
    expect((await developer.api.post(`${workspacePath}/reveal`)).body.secret).toEqual({ api_key: workspaceOne.secret });
    // A personal credential's id is no workspace credential's.
    expect((await developer.api.get(`/api/v1/orgs/${orgId}/workspaces/${staging}/credentials/${personalOne.id}`)).status).toBe(404);
  });

  it('keeps names unique per member, case-insensitively, and two members may use one name', async () => {
    await storePersonalCredential(developer, orgId, { name: 'Linear' });
    const again = await developer.api.post(personalCredentialsPath(orgId), { name: 'LINEAR', type: 'generic', secret: { token: 'x' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('credential_name_taken');
    expect(
      (await viewer.api.post(personalCredentialsPath(orgId), { name: 'Linear', type: 'generic', secret: { token: 'y' } })).status,
    ).toBe(201);
  });

  it('is answered 404 outside the org, and refuses a secret its type lacks', async () => {
    const outsider = await signUp('pcred-outsider');
    const refused = await outsider.api.post(personalCredentialsPath(orgId), { name: 'x', type: 'api_key', secret: { api_key: 'k' } });
    expect(refused.status).toBe(404);
    const lacking = await viewer.api.post(personalCredentialsPath(orgId), { name: 'Basic', type: 'basic', secret: { username: 'u' } });
    expect(lacking.status).toBe(400);
    expect(lacking.body.error.details[0].field).toBe('body.secret.password');
  });

  it('is versioned: a replaced secret can be rolled back to', async () => {
    const { id, secret: first } = await storePersonalCredential(viewer, orgId);
    const second = uniqueSecret('second');
    const replaced = await viewer.api.put(`${mine(id)}/secret`, { secret: { api_key: second } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.previous_version_until).not.toBeNull();
    expect((await viewer.api.post(`${mine(id)}/reveal`)).body).toMatchObject({ secret_version: 2, secret: { api_key: second } });
    const rolledBack = await viewer.api.post(`${mine(id)}/rollback`);
    expect(rolledBack.body.secret_version).toBe(3);
    expect((await viewer.api.post(`${mine(id)}/reveal`)).body.secret).toEqual({ api_key: first });
  });
});

describe('GET /me/credentials', () => {
  it("lists the caller's own in every org they belong to, by org, a page at a time; not an org they left", async () => {
    const traveller = await signUp('pcred-traveller');
    const [first, second] = await Promise.all([
      traveller.api.post('/api/v1/orgs', { name: 'First of two' }),
      traveller.api.post('/api/v1/orgs', { name: 'Second of two' }),
    ]);
    await addMember(orgId, traveller, 'viewer');
    const stored = [
      { ...(await storePersonalCredential(traveller, first.body.id)), orgId: first.body.id },
      { ...(await storePersonalCredential(traveller, first.body.id)), orgId: first.body.id },
      { ...(await storePersonalCredential(traveller, second.body.id)), orgId: second.body.id },
    ];
    const left = await storePersonalCredential(traveller, orgId);
    await storePersonalCredential(developer, orgId);
    expect((await admin.api.delete(`/api/v1/orgs/${orgId}/members/${traveller.id}`)).status).toBe(204);

    type Listed = { id: string; org_id: string; owner_id: string };
    const seen: Listed[] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const listed = await traveller.api.get<{ data: Listed[]; next_cursor: string | null }>(`/api/v1/me/credentials?limit=2${after}`);
      expect(listed.status).toBe(200);
      expect(listed.body.data.length).toBeLessThanOrEqual(2);
      expect(JSON.stringify(listed.body)).not.toContain(stored[0]!.secret);
      seen.push(...listed.body.data);
      cursor = listed.body.next_cursor;
    } while (cursor);

    // Removed a moment ago: the erasure may not have run yet, and the credential is already out of reach.
    expect(seen.map((item) => item.id)).not.toContain(left.id);
    const byOrgThenId = (a: { orgId: string; id: string }, b: { orgId: string; id: string }) =>
      a.orgId === b.orgId ? a.id.localeCompare(b.id) : a.orgId.localeCompare(b.orgId);
    expect(seen.map((item) => ({ id: item.id, org_id: item.org_id, owner_id: item.owner_id }))).toEqual(
      [...stored].sort(byOrgThenId).map((item) => ({ id: item.id, org_id: item.orgId, owner_id: traveller.id })),
    );
  });

  it('leaves out one made in an earlier membership of the org, which the erasure has yet to reach', async () => {
    const returner = await signUp('pcred-returner');
    await addMember(orgId, returner, 'viewer');
    const current = await storePersonalCredential(returner, orgId);
    const earlier = await storePersonalCredential(returner, orgId);
    // As if made before a removal and a new invitation: the stream consumer erases such leftovers.
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: personalCredentialEntity.key({ org_id: orgId, owner_id: returner.id, id: earlier.id }),
        UpdateExpression: 'SET member_since = :before',
        ExpressionAttributeValues: { ':before': '2020-01-01T00:00:00.000Z' },
      }),
    );
    const listed = await returner.api.get('/api/v1/me/credentials');
    expect(listed.body.data.map((item: { id: string }) => item.id)).toEqual([current.id]);
  });

  it("refuses another person's cursor with a 400", async () => {
    await storePersonalCredential(viewer, orgId);
    await storePersonalCredential(viewer, orgId);
    const page = await viewer.api.get('/api/v1/me/credentials?limit=1');
    expect(page.body.next_cursor).toEqual(expect.any(String));
    const borrowed = await developer.api.get(`/api/v1/me/credentials?cursor=${encodeURIComponent(page.body.next_cursor)}`);
    expect(borrowed.status).toBe(400);
    expect(borrowed.body.error.details[0].field).toBe('query.cursor');
  });
});

describe("an org admin and a member's personal credentials", () => {
  it('lists them without secrets and deletes one, unread; non-admins get 403', async () => {
    const { id, secret } = await storePersonalCredential(developer, orgId, { name: 'Deploy token' });
    const listed = await admin.api.get(ofMember(developer.id));
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((item: { id: string }) => item.id)).toContain(id);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect((await viewer.api.get(ofMember(developer.id))).status).toBe(403);
    expect((await viewer.api.delete(ofMember(developer.id, id))).status).toBe(403);

    expect((await admin.api.delete(ofMember(developer.id, id))).status).toBe(204);
    expect((await developer.api.get(mine(id))).status).toBe(404);
    const log = await admin.api.get(`/api/v1/orgs/${orgId}/audit-log?action=personal_credential.deleted&target_id=${id}`);
    expect(log.body.data[0].actor).toMatchObject({ type: 'user', id: admin.id });
  });
});

describe('a membership that ends', () => {
  it("erases the member's personal credentials in that org, and nothing of a later membership", async () => {
    const leaver = await signUp('pcred-leaver');
    await addMember(orgId, leaver, 'developer');
    const kept = await storePersonalCredential(leaver, orgId, { name: 'Old token' });
    const firstJoined: string = (await admin.api.get(`/api/v1/orgs/${orgId}/members/${leaver.id}`)).body.joined_at;
    expect((await admin.api.delete(`/api/v1/orgs/${orgId}/members/${leaver.id}`)).status).toBe(204);
    // Out of reach at once: the routes check the membership; erased from the table by the stream consumer.
    expect((await leaver.api.get(mine(kept.id))).status).toBe(404);
    const ofLeaver = async () =>
      (await itemsOfOrg(orgId)).filter(
        (item) => String(item.sk).includes(leaver.id) && String(item.type).startsWith('personal_credential'),
      );
    expect(await eventually(ofLeaver, (items) => items.length === 0)).toEqual([]);
    const log = await admin.api.get(`/api/v1/orgs/${orgId}/audit-log?action=personal_credential.deleted&target_id=${kept.id}`);
    expect(log.body.data[0].actor.type).toBe('system');

    // Back again: a new membership starts with none of the old credentials, and keeps what it makes.
    await addMember(orgId, leaver, 'developer');
    expect((await leaver.api.get(personalCredentialsPath(orgId))).body.data).toEqual([]);
    const fresh = await storePersonalCredential(leaver, orgId, { name: 'Old token' });
    expect((await leaver.api.post(`${mine(fresh.id)}/reveal`)).body.secret).toEqual({ api_key: fresh.secret });
    // The first membership's record replayed (at least once) after the return: the new credential stays.
    expect(await erasePersonalCredentials(orgId, leaver.id, firstJoined, systemPrincipal('replay'))).toBe(0);
    expect((await leaver.api.post(`${mine(fresh.id)}/reveal`)).body.secret).toEqual({ api_key: fresh.secret });
  });

  it('erases them when the member leaves, too', async () => {
    const leaver = await signUp('pcred-self-leaver');
    await addMember(orgId, leaver, 'viewer');
    const { id } = await storePersonalCredential(leaver, orgId);
    expect((await leaver.api.delete(`/api/v1/orgs/${orgId}/members/${leaver.id}`)).status).toBe(204);
    // Listed while anything of theirs is left; once erased, a former member is unknown here.
    const listed = await eventually(
      () => admin.api.get(ofMember(leaver.id)),
      (response) => response.status === 404,
    );
    expect(listed.status).toBe(404);
    expect((await leaver.api.get(mine(id))).status).toBe(404);
  });
});

describe('ciphertexts at rest', () => {
  const sealedKey = (ownerId: string, id: string) => personalCredentialEntity.key({ org_id: orgId, owner_id: ownerId, id });

  it("refuses a ciphertext copied onto another member's credential", async () => {
    const source = await storePersonalCredential(developer, orgId);
    const target = await storePersonalCredential(viewer, orgId);
    const read = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: sealedKey(developer.id, source.id),
        UpdateExpression: 'SET sealed_secret = sealed_secret',
        ReturnValues: 'ALL_NEW',
      }),
    );
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: sealedKey(viewer.id, target.id),
        UpdateExpression: 'SET sealed_secret = :sealed',
        ExpressionAttributeValues: { ':sealed': read.Attributes!.sealed_secret },
      }),
    );
    const refused = await viewer.api.post(`${mine(target.id)}/reveal`);
    expect(refused.status).toBe(500);
    expect(JSON.stringify(refused.body)).not.toContain(source.secret);
    expect((await developer.api.post(`${mine(source.id)}/reveal`)).body.secret).toEqual({ api_key: source.secret });
  });
});
