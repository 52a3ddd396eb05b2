// Workspace access tokens as a product built on Orgspace sees them: it asks for one, verifies it
// offline with a plain jose call against the API's /.well-known/jwks.json, and checks that the
// token speaks for the workspace its request is about (examples/verify-access-token.mjs, run as
// its users run it).
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ACCESS_TOKEN_AUDIENCE, WORKSPACE_PERMISSIONS } from '../../features/access-tokens/access-token.js';
import { apiUrl, call, issuerUrl, signUp, type TestUser } from '../support/api.js';
import { addMember } from '../support/members.js';
import { itemsOfOrg } from '../support/table.js';

const run = promisify(execFile);

let admin: TestUser;
let developer: TestUser;
let viewer: TestUser;
let workspaceAdmin: TestUser;
let orgMemberWithoutGrant: TestUser;
let outsider: TestUser;
let orgId: string;
let workspaceA: string;
let workspaceB: string;

beforeAll(async () => {
  const users = await Promise.all(['admin', 'developer', 'viewer', 'wsadmin', 'nogrant', 'outsider'].map((label) => signUp(label)));
  [admin, developer, viewer, workspaceAdmin, orgMemberWithoutGrant, outsider] = users as [
    TestUser,
    TestUser,
    TestUser,
    TestUser,
    TestUser,
    TestUser,
  ];
  orgId = (await admin.api.post('/api/v1/orgs', { name: 'Token Co' })).body.id;
  workspaceA = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'a' })).body.id;
  workspaceB = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'b' })).body.id;
  await Promise.all([
    addMember(orgId, developer, 'developer', { [workspaceA]: 'developer', [workspaceB]: 'developer' }),
    addMember(orgId, viewer, 'viewer', { [workspaceA]: 'viewer' }),
    addMember(orgId, workspaceAdmin, 'viewer', { [workspaceA]: 'admin' }),
    addMember(orgId, orgMemberWithoutGrant, 'developer'),
  ]);
});

const tokenPath = (workspaceId: string, org = orgId) => `/api/v1/orgs/${org}/workspaces/${workspaceId}/access-token`;
const askForToken = (user: TestUser | undefined, workspaceId: string, org = orgId) =>
  call('POST', tokenPath(workspaceId, org), { token: user?.token });

/** What a product does with a token: jose alone, the API's JWKS, its issuer and the documented audience. */
const verify = (token: string) =>
  jwtVerify(token, createRemoteJWKSet(new URL(`${apiUrl()}/.well-known/jwks.json`)), {
    issuer: apiUrl(),
    audience: ACCESS_TOKEN_AUDIENCE,
    algorithms: ['ES256'],
  });

describe('POST …/workspaces/{workspaceId}/access-token', () => {
  it.each([
    {
      who: 'an org admin (admin of every workspace, without a grant)',
      user: () => admin,
      role: 'admin',
      permissions: [...WORKSPACE_PERMISSIONS],
    },
    { who: "the workspace's admin (an org viewer)", user: () => workspaceAdmin, role: 'admin', permissions: [...WORKSPACE_PERMISSIONS] },
    { who: 'a developer of the workspace', user: () => developer, role: 'developer', permissions: ['workspace:read'] },
    { who: 'a viewer of the workspace', user: () => viewer, role: 'viewer', permissions: ['workspace:read'] },
  ])('gives $who a token that verifies offline with their role and permissions there', async ({ user, role, permissions }) => {
    const answer = await askForToken(user(), workspaceA);

    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 300 });
    const { payload, protectedHeader } = await verify(answer.body.access_token);
    expect(payload).toEqual({
      iss: apiUrl(),
      sub: user().id,
      aud: ACCESS_TOKEN_AUDIENCE,
      iat: expect.any(Number),
      exp: payload.iat! + 300,
      jti: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      principal_type: 'user',
      org_id: orgId,
      workspace_id: workspaceA,
      role,
      permissions,
    });
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(10);
    const keys = (await call('GET', '/.well-known/jwks.json')).body.keys;
    expect(protectedHeader).toEqual({ alg: 'ES256', typ: 'JWT', kid: keys[0].kid });
  });

  it('gives a fresh token each time, and takes an empty JSON body as well as none', async () => {
    const first = await askForToken(developer, workspaceA);
    const second = await call('POST', tokenPath(workspaceA), { token: developer.token, body: {} });

    expect(second.status).toBe(200);
    const [a, b] = await Promise.all([verify(first.body.access_token), verify(second.body.access_token)]);
    expect(a.payload.jti).not.toBe(b.payload.jti);
  });

  it("changes nothing in the org's partition (so it records no audit event)", async () => {
    const before = await itemsOfOrg(orgId);
    expect((await askForToken(admin, workspaceA)).status).toBe(200);
    expect(await itemsOfOrg(orgId)).toEqual(before);
  });

  it('answers 404 to someone outside the org and to a member without access to the workspace, as for a random id', async () => {
    const randomWorkspace = await askForToken(admin, crypto.randomUUID());
    const randomOrg = await askForToken(outsider, crypto.randomUUID(), crypto.randomUUID());
    const outside = await askForToken(outsider, workspaceA);
    const noGrant = await askForToken(orgMemberWithoutGrant, workspaceA);
    const viewerElsewhere = await askForToken(viewer, workspaceB);

    expect(outside.status).toBe(404);
    expect(outside.body.error).toMatchObject({ code: 'not_found', message: randomOrg.body.error.message });
    for (const refused of [noGrant, viewerElsewhere]) {
      expect(refused.status).toBe(404);
      expect(refused.body.error).toMatchObject({ code: 'not_found', message: randomWorkspace.body.error.message });
    }
  });

  it('refuses a deleted workspace with 404, even to an org admin', async () => {
    const doomed = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'doomed' })).body.id;
    expect((await askForToken(admin, doomed)).status).toBe(200);
    expect((await admin.api.delete(`/api/v1/orgs/${orgId}/workspaces/${doomed}`)).status).toBe(204);

    const answer = await askForToken(admin, doomed);

    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });

  it('answers 401 without a token, and is no bearer token for the API itself', async () => {
    expect((await askForToken(undefined, workspaceA)).status).toBe(401);
    const { access_token } = (await askForToken(admin, workspaceA)).body;
    expect((await call('GET', '/api/v1/me', { token: access_token })).status).toBe(401);
  });

  it('takes no Idempotency-Key: a retry with one is simply another token, and no token is kept', async () => {
    const headers = { 'idempotency-key': crypto.randomUUID() };
    const first = await call('POST', tokenPath(workspaceA), { token: admin.token, headers });
    const retry = await call('POST', tokenPath(workspaceA), { token: admin.token, headers });

    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.body.access_token).not.toBe(first.body.access_token);
  });
});

describe('the check a product makes: workspace_id is the workspace its request is for', () => {
  const script = join(process.cwd(), 'examples/verify-access-token.mjs');
  const verifyWithScript = (workspaceId: string, token: string) => run(process.execPath, [script, apiUrl(), workspaceId, token]);

  it('accepts a token for the workspace it names (examples/verify-access-token.mjs)', async () => {
    const { access_token } = (await askForToken(developer, workspaceA)).body;

    const { stdout } = await verifyWithScript(workspaceA, access_token);

    expect(JSON.parse(stdout)).toMatchObject({ sub: developer.id, workspace_id: workspaceA, role: 'developer' });
  });

  it('refuses a valid token for workspace A on a request for workspace B, though the holder is a member of both', async () => {
    const { access_token } = (await askForToken(developer, workspaceA)).body;
    // A valid token, for A:
    expect((await verify(access_token)).payload.workspace_id).toBe(workspaceA);

    await expect(verifyWithScript(workspaceB, access_token)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`the token is for workspace ${workspaceA}, not ${workspaceB}`),
    });
  });

  it('refuses a token of the sign-in issuer, whatever its workspace', async () => {
    await expect(verify(developer.token)).rejects.toBeInstanceOf(errors.JOSEError);
    await expect(verifyWithScript(workspaceA, developer.token)).rejects.toMatchObject({ code: 1 });
  });
});

describe('GET /.well-known/jwks.json', () => {
  it("lists Orgspace's token-signing key alone, cacheable, not the sign-in issuer's keys", async () => {
    const answer = await call('GET', '/.well-known/jwks.json');
    const issuerKeys = (await (await fetch(`${issuerUrl()}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };

    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=300');
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.body).toEqual({
      keys: [{ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: expect.any(String), alg: 'ES256', use: 'sig' }],
    });
    expect(issuerKeys.keys.map((key) => key.kid)).not.toContain(answer.body.keys[0].kid);
    const { access_token } = (await askForToken(admin, workspaceA)).body;
    expect(decodeProtectedHeader(access_token).kid).toBe(answer.body.keys[0].kid);
  });

  it('is signed with a local key that only its owner can read (the stand-in for KMS)', () => {
    expect(statSync(inject('tokenSigningKeyFile')).mode & 0o777).toBe(0o600);
  });
});
