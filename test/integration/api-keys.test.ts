// Workspace API keys end to end, through the local runtime and its authorizer (which caches its
// verdict per token for 5 minutes, as API Gateway does): a key works in its own workspace within
// its role and nowhere else, and a revocation, an expiry or the end of a rotation's grace period
// counts from the very next request, cached verdict or not.

import { createRemoteJWKSet, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_AUDIENCE } from '../../features/access-tokens/access-token.js';
import { newApiKeySecret } from '../../features/api-keys/api-key-secret.js';
import { apiUrl, signUp, type TestUser } from '../support/api.js';
import {
  asKeyHolder,
  createKey,
  endGracePeriod,
  expireKey,
  keysPath,
  revokeKey,
  rotateKey,
  type TestKey,
  withBadChecksum,
} from '../support/api-keys.js';
import { addMember } from '../support/members.js';
import { itemsOfOrg } from '../support/table.js';

let admin: TestUser;
let orgId: string;
let stagingId: string;
let prodId: string;
const workspacePath = (workspaceId: string) => `/api/v1/orgs/${orgId}/workspaces/${workspaceId}`;

beforeAll(async () => {
  admin = await signUp('key-admin');
  orgId = (await admin.api.post('/api/v1/orgs', { name: 'Keyed' })).body.id;
  const create = async (name: string): Promise<string> => (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name })).body.id;
  [stagingId, prodId] = await Promise.all([create('staging'), create('prod')]);
});

describe('a workspace API key', () => {
  it('reads its own workspace, not another one, and stops at the next request once revoked', async () => {
    const key = await createKey(admin, orgId, stagingId, 'developer');
    expect(key.key).toMatch(/^osk_test_[0-9A-Za-z]{38}$/);
    expect((await key.get(workspacePath(stagingId))).status).toBe(200);
    expect((await key.get(workspacePath(prodId))).status).toBe(404);
    await revokeKey(admin, key);
    // The authorizer's verdict for this key is cached; the handler's own read of the key refuses it.
    const refused = await key.get(workspacePath(stagingId));
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/revoked/);
  });

  it('is shown once: the list and the key itself name it by prefix and last four, never the secret', async () => {
    const key = await createKey(admin, orgId, stagingId, 'viewer', { name: 'CI' });
    const listed = await admin.api.get(keysPath(orgId, stagingId));
    const fetched = await admin.api.get(`${keysPath(orgId, stagingId)}/${key.id}`);
    for (const body of [listed.body, fetched.body]) expect(JSON.stringify(body)).not.toContain(key.key.slice(13, -4));
    expect(fetched.body).toMatchObject({
      name: 'CI',
      role: 'viewer',
      status: 'active',
      display: `${key.key.slice(0, 13)}...${key.key.slice(-4)}`,
      created_by: admin.id,
      revoked_at: null,
      expires_at: null,
    });
    expect(listed.body.data.map((item: { id: string }) => item.id)).toContain(key.id);
    const stored = JSON.stringify(await itemsOfOrg(orgId));
    expect(stored).not.toContain(key.key);
  });

  it('stays listed once revoked, so the list and the audit log can still name it', async () => {
    const key = await createKey(admin, orgId, stagingId, 'viewer');
    await revokeKey(admin, key);
    const fetched = await admin.api.get(`${keysPath(orgId, stagingId)}/${key.id}`);
    expect(fetched.body).toMatchObject({ status: 'revoked', revoked_at: expect.any(String) });
    expect((await admin.api.delete(`${keysPath(orgId, stagingId)}/${key.id}`)).status).toBe(204);
    const renamed = await admin.api.patch(`${keysPath(orgId, stagingId)}/${key.id}`, { name: 'again' });
    expect(renamed.status).toBe(409);
    expect(renamed.body.error.code).toBe('api_key_revoked');
  });

  it('is refused before any read when mistyped, cut off or made by another deployment', async () => {
    const key = await createKey(admin, orgId, stagingId, 'viewer');
    const cases = [
      [withBadChecksum(key.key), /checksum/],
      [key.key.slice(0, -1), /malformed/],
      [key.key.replace('osk_test_', 'osk_live_'), /checksum/],
      [newApiKeySecret('live').secret, /another deployment/],
    ] as const;
    for (const [bearer, message] of cases) {
      const refused = await asKeyHolder(bearer).get(workspacePath(stagingId));
      expect(refused.status, bearer).toBe(401);
      expect(refused.body.error.message).toMatch(message);
      expect(JSON.stringify(refused.body)).not.toContain(bearer);
    }
  });

  it('describes itself at /me: the product built on Orgspace checks a key in one call', async () => {
    const key = await createKey(admin, orgId, stagingId, 'developer', { name: 'Backend' });
    const me = await key.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      principal_type: 'api_key',
      api_key: {
        id: key.id,
        name: 'Backend',
        display: expect.stringMatching(/^osk_test_\w{4}\.\.\.\w{4}$/),
        created_at: expect.any(String),
        expires_at: null,
      },
      org_id: orgId,
      workspace: { id: stagingId, name: 'staging' },
      role: 'developer',
      permissions: ['workspace:read', 'credential:read', 'credential:reveal'],
    });
    await revokeKey(admin, key);
    expect((await key.get('/api/v1/me')).status).toBe(401);
  });

  it('never administers the org, nor keys: those routes are for people', async () => {
    const key = await createKey(admin, orgId, stagingId, 'admin');
    for (const path of [`/api/v1/orgs/${orgId}`, `/api/v1/orgs/${orgId}/members`, keysPath(orgId, stagingId)]) {
      const refused = await key.get(path);
      expect(refused.status, path).toBe(403);
      expect(refused.body.error.code).toBe('user_required');
    }
    expect((await key.post(keysPath(orgId, stagingId), { name: 'child', role: 'viewer' })).status).toBe(403);
    expect((await key.get(`${workspacePath(stagingId)}/members`)).status).toBe(200);
  });

  it('expires: refused from the next request, cached verdict or not', async () => {
    const key = await createKey(admin, orgId, stagingId, 'viewer', { expires_in_days: 30 });
    expect((await key.get(workspacePath(stagingId))).status).toBe(200);
    await expireKey(key);
    const refused = await key.get(workspacePath(stagingId));
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/expired/);
    expect((await admin.api.get(`${keysPath(orgId, stagingId)}/${key.id}`)).body.status).toBe('expired');
  });

  it('records when it was last used, at most once a minute', async () => {
    const key = await createKey(admin, orgId, stagingId, 'viewer');
    const before = await admin.api.get(`${keysPath(orgId, stagingId)}/${key.id}`);
    expect(before.body.last_used_at).toBeNull();
    await key.get(workspacePath(stagingId));
    const used = (await admin.api.get(`${keysPath(orgId, stagingId)}/${key.id}`)).body.last_used_at;
    expect(Date.now() - Date.parse(used)).toBeLessThan(10_000);
    // A new authorization of the same key (its rotated secret, not in the cache) within the minute writes nothing.
    const rotated = await rotateKey(admin, key, 1);
    await rotated.get(workspacePath(stagingId));
    expect((await admin.api.get(`${keysPath(orgId, stagingId)}/${key.id}`)).body.last_used_at).toBe(used);
  });
});

describe("a deleted workspace's keys", () => {
  it('are revoked by the cleanup the delete queues, each with an event by the system', async () => {
    const doomed: string = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'doomed' })).body.id;
    const key = await createKey(admin, orgId, doomed, 'viewer');
    expect((await key.get(workspacePath(doomed))).status).toBe(200);
    expect((await admin.api.delete(workspacePath(doomed))).status).toBe(204);
    let events: Array<{ actor: { type: string }; targets: Array<{ id: string }> }> = [];
    for (let tries = 0; tries < 100 && events.length === 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      events = (await admin.api.get(`/api/v1/orgs/${orgId}/audit-log?action=api_key.revoked&target_id=${key.id}`)).body.data;
    }
    expect(events).toHaveLength(1);
    expect(events[0]!.actor.type).toBe('system');
    const stored = (await itemsOfOrg(orgId)).find((item) => item.type === 'api_key' && item.id === key.id);
    expect(stored?.revoked_at).toEqual(expect.any(String));
    // Its secret no longer finds it: a fresh authorizer (a rotated-out cache, a new container) says so.
    expect((await asKeyHolder(`${key.key}`).get('/api/v1/me')).status).toBe(401);
  });
});

describe('a workspace access token for a key', () => {
  it('speaks for the key in its own workspace, and is refused to a revoked key', async () => {
    const key = await createKey(admin, orgId, stagingId, 'developer');
    const issued = await key.post(`${workspacePath(stagingId)}/access-token`, {});
    expect(issued.status).toBe(200);
    const { payload } = await jwtVerify(issued.body.access_token, createRemoteJWKSet(new URL(`${apiUrl()}/.well-known/jwks.json`)), {
      issuer: apiUrl(),
      audience: ACCESS_TOKEN_AUDIENCE,
    });
    expect(payload).toMatchObject({
      sub: `api_key:${key.id}`,
      principal_type: 'api_key',
      org_id: orgId,
      workspace_id: stagingId,
      role: 'developer',
      permissions: ['workspace:read', 'credential:read', 'credential:reveal'],
    });
    expect((await key.post(`${workspacePath(prodId)}/access-token`, {})).status).toBe(404);
    await revokeKey(admin, key);
    expect((await key.post(`${workspacePath(stagingId)}/access-token`, {})).status).toBe(401);
  });
});

describe('rotation', () => {
  let key: TestKey;
  beforeAll(async () => {
    key = await createKey(admin, orgId, stagingId, 'developer');
  });

  it('keeps the replaced secret working through its grace period, and not after', async () => {
    expect((await key.get(workspacePath(stagingId))).status).toBe(200);
    const rotated = await rotateKey(admin, key, 24);
    expect(rotated.key).not.toBe(key.key);
    expect((await rotated.get(workspacePath(stagingId))).status).toBe(200);
    expect((await key.get(workspacePath(stagingId))).status).toBe(200);
    const shown = (await admin.api.get(`${keysPath(orgId, stagingId)}/${key.id}`)).body;
    expect(Date.parse(shown.previous_secret_valid_until) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    await endGracePeriod(rotated, key.key);
    // The old secret's verdict is cached; the key as read now says its grace is over.
    const refused = await key.get(workspacePath(stagingId));
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/rotation/);
    expect((await rotated.get(workspacePath(stagingId))).status).toBe(200);
    key = rotated;
  });

  it('with no grace period, ends the replaced secret at once; a second rotation ends the first one', async () => {
    const first = await rotateKey(admin, key, 0);
    expect((await key.get(workspacePath(stagingId))).status).toBe(401);
    const second = await rotateKey(admin, first, 2);
    const third = await rotateKey(admin, second, 2);
    expect((await first.get(workspacePath(stagingId))).status).toBe(401);
    expect((await second.get(workspacePath(stagingId))).status).toBe(200);
    expect((await third.get(workspacePath(stagingId))).status).toBe(200);
    key = third;
  });

  it('is refused for a revoked key, and a grace period must be 0 to 168 hours', async () => {
    const bad = await admin.api.post(`${keysPath(orgId, stagingId)}/${key.id}/rotate`, { grace_period_hours: 169 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toEqual({ field: 'body.grace_period_hours', message: 'must be from 0 to 168 hours' });
    await revokeKey(admin, key);
    const refused = await admin.api.post(`${keysPath(orgId, stagingId)}/${key.id}/rotate`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('api_key_revoked');
  });
});

describe('who may manage keys', () => {
  it("a workspace's admins (org admins included), for at most their own role; others get the answers they get elsewhere", async () => {
    const [workspaceAdmin, workspaceDeveloper, developer] = await Promise.all([signUp('ws-admin'), signUp('ws-dev'), signUp('org-dev')]);
    await Promise.all([
      addMember(orgId, workspaceAdmin, 'viewer', { [stagingId]: 'admin' }),
      addMember(orgId, workspaceDeveloper, 'developer', { [stagingId]: 'developer' }),
      addMember(orgId, developer, 'developer'),
    ]);
    const body = { name: 'made', role: 'admin' };
    expect((await workspaceAdmin.api.post(keysPath(orgId, stagingId), body)).status).toBe(201);
    expect((await workspaceAdmin.api.post(keysPath(orgId, prodId), body)).status).toBe(404);
    expect((await workspaceDeveloper.api.post(keysPath(orgId, stagingId), body)).status).toBe(403);
    expect((await developer.api.post(keysPath(orgId, stagingId), body)).status).toBe(404);
    expect((await developer.api.get(keysPath(orgId, stagingId))).status).toBe(404);
  });

  it('at most 50 keys per workspace that are not revoked; revoking one makes room', async () => {
    const owner = await signUp('capped');
    const org: string = (await owner.api.get('/api/v1/me')).body.orgs[0].id;
    const workspace: string = (await owner.api.post(`/api/v1/orgs/${org}/workspaces`, { name: 'capped' })).body.id;
    const made: TestKey[] = [];
    for (let batch = 0; batch < 5; batch++)
      made.push(...(await Promise.all(Array.from({ length: 10 }, () => createKey(owner, org, workspace, 'viewer')))));
    const over = await owner.api.post(keysPath(org, workspace), { name: 'one too many', role: 'viewer' });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('api_key_limit_reached');
    await revokeKey(owner, made[0]!);
    expect((await owner.api.post(keysPath(org, workspace), { name: 'room again', role: 'viewer' })).status).toBe(201);
    const page = await owner.api.get(`${keysPath(org, workspace)}?limit=20`);
    expect(page.body.data).toHaveLength(20);
    expect(page.body.next_cursor).toEqual(expect.any(String));
  });
});
