// Idempotency-Key on POST: a client whose request timed out retries with the same key and gets the
// first answer back, with nothing written twice; the key cannot be reused for another request.
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { call, signUp, type TestUser, uniqueEmail } from '../support/api.js';
import { emailsTo, waitForEmail } from '../support/mail.js';

let admin: TestUser;
let orgId: string;
let workspacesUrl: string;

beforeEach(async () => {
  admin = await signUp('admin');
  orgId = (await admin.api.post('/api/v1/orgs', { name: 'Acme' })).body.id;
  workspacesUrl = `/api/v1/orgs/${orgId}/workspaces`;
});

const post = (user: TestUser, path: string, body: unknown, key: string) =>
  call('POST', path, { token: user.token, body, headers: { 'idempotency-key': key } });

const workspaceNames = async () => (await admin.api.get(`${workspacesUrl}?limit=100`)).body.data.map((w: { name: string }) => w.name);

describe('Idempotency-Key', () => {
  it('answers a retried create with the first response and creates one workspace', async () => {
    const key = randomUUID();
    const first = await post(admin, workspacesUrl, { name: 'staging' }, key);
    const retry = await post(admin, workspacesUrl, { name: 'staging' }, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    expect((await workspaceNames()).filter((name: string) => name === 'staging')).toHaveLength(1);
  });

  it('refuses the same key for a different request with 422, writing nothing', async () => {
    const key = randomUUID();
    expect((await post(admin, workspacesUrl, { name: 'staging' }, key)).status).toBe(201);
    const reused = await post(admin, workspacesUrl, { name: 'prod' }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    expect(await workspaceNames()).not.toContain('prod');
  });

  it("keeps each caller's keys apart", async () => {
    const key = randomUUID();
    const other = await signUp('other');
    const otherOrg = (await other.api.post('/api/v1/orgs', { name: 'Other' })).body.id;
    expect((await post(admin, workspacesUrl, { name: 'staging' }, key)).status).toBe(201);
    const theirs = await post(other, `/api/v1/orgs/${otherOrg}/workspaces`, { name: 'staging' }, key);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
  });

  it('lets a request that failed run again under the same key', async () => {
    const key = randomUUID();
    const taken = await admin.api.post(workspacesUrl, { name: 'staging' });
    const refused = await post(admin, workspacesUrl, { name: 'STAGING' }, key);
    expect(refused.status).toBe(409);
    expect((await admin.api.delete(`${workspacesUrl}/${taken.body.id}`)).status).toBe(204);
    const retried = await post(admin, workspacesUrl, { name: 'STAGING' }, key);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });

  it('runs concurrent retries of one key once', async () => {
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => post(admin, workspacesUrl, { name: 'racing' }, key)));
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const other of results.filter((r) => r.status !== 201)) {
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('idempotency_key_in_use');
      expect(other.headers.get('retry-after')).toBe('1');
    }
    expect((await workspaceNames()).filter((name: string) => name === 'racing')).toHaveLength(1);
  });

  it('sends one invitation email for a retried invite', async () => {
    const key = randomUUID();
    const email = uniqueEmail('invitee');
    const first = await post(admin, `/api/v1/orgs/${orgId}/invitations`, { email, role: 'viewer' }, key);
    const retry = await post(admin, `/api/v1/orgs/${orgId}/invitations`, { email, role: 'viewer' }, key);
    expect(first.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    await waitForEmail(email);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it('refuses a key that is not 1 to 255 visible characters', async () => {
    for (const key of ['', 'has space', 'x'.repeat(256)]) {
      const response = await post(admin, workspacesUrl, { name: 'never' }, key);
      expect(response.status, JSON.stringify(key)).toBe(400);
      expect(response.body.error.details[0].field).toBe('header.idempotency-key');
    }
    expect(await workspaceNames()).not.toContain('never');
  });
});
