import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { signUp, type TestUser } from '../support/api.js';
import { addMember } from '../support/members.js';
import { itemsOfOrg } from '../support/table.js';

let admin: TestUser;
let orgId: string;
const workspacesOf = (org: string) => `/api/v1/orgs/${org}/workspaces`;

beforeEach(async () => {
  admin = await signUp('admin');
  orgId = (await admin.api.post('/api/v1/orgs', { name: 'Acme' })).body.id;
});

describe('creating workspaces', () => {
  it('returns the workspace as created', async () => {
    const created = await admin.api.post(workspacesOf(orgId), { name: 'staging', icon_url: 'https://example.com/s.png' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      org_id: orgId,
      name: 'staging',
      icon_url: 'https://example.com/s.png',
      status: 'active',
      discoverable: true,
      role: 'admin',
      created_by: admin.id,
      created_at: expect.any(String),
      updated_at: created.body.created_at,
    });
    expect((await admin.api.get(`${workspacesOf(orgId)}/${created.body.id}`)).body).toEqual(created.body);
  });

  it('refuses a name already used in the org, whatever its case', async () => {
    expect((await admin.api.post(workspacesOf(orgId), { name: 'Staging' })).status).toBe(201);
    const duplicate = await admin.api.post(workspacesOf(orgId), { name: 'STAGING' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('workspace_name_taken');
    expect(duplicate.body.error.message).toContain('STAGING');
  });

  it('allows the same name in another org', async () => {
    const other = (await admin.api.post('/api/v1/orgs', { name: 'Other' })).body.id;
    expect((await admin.api.post(workspacesOf(orgId), { name: 'prod' })).status).toBe(201);
    expect((await admin.api.post(workspacesOf(other), { name: 'prod' })).status).toBe(201);
  });

  it('rejects blank names, bad statuses, bad icon URLs and unknown fields, naming each field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ name: '' }, 'body.name'],
      [{ name: ' \t ' }, 'body.name'],
      [{ name: 'ok', status: 'archived' }, 'body.status'],
      [{ name: 'ok', icon_url: 'javascript:alert(1)' }, 'body.icon_url'],
      [{ name: 'ok', org_id: randomUUID() }, 'body.org_id'],
      [{ name: 'ok', created_by: randomUUID() }, 'body.created_by'],
    ];
    for (const [body, field] of cases) {
      const response = await admin.api.post(workspacesOf(orgId), body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('refuses a name that renders as a taken one through an invisible character, and says which to remove (#6)', async () => {
    const prod = (await admin.api.post(workspacesOf(orgId), { name: 'Prod' })).body;
    const staging = (await admin.api.post(workspacesOf(orgId), { name: 'staging' })).body;
    for (const [invisible, codePoint] of [
      ['\u034F', 'U+034F'], // combining grapheme joiner
      ['\uFE0F', 'U+FE0F'], // variation selector 16
      ['\u3164', 'U+3164'], // Hangul filler
      ['\u115F', 'U+115F'], // Hangul choseong filler
    ]) {
      for (const response of [
        await admin.api.post(workspacesOf(orgId), { name: `Prod${invisible}` }),
        await admin.api.patch(`${workspacesOf(orgId)}/${staging.id}`, { name: `Prod${invisible}` }),
        await admin.api.post('/api/v1/orgs', { name: `Acme${invisible}` }),
      ]) {
        expect(response.status, codePoint).toBe(400);
        expect(response.body.error.code).toBe('invalid_request');
        expect(response.body.error.details).toEqual([{ field: 'body.name', message: expect.stringContaining(`remove ${codePoint}`) }]);
      }
    }
    const names = (await admin.api.get(workspacesOf(orgId))).body.data.map((workspace: { name: string }) => workspace.name);
    expect(names).toEqual(['Acme', prod.name, 'staging']);
    expect((await itemsOfOrg(orgId)).filter((item) => item.type === 'workspace_name')).toHaveLength(3);
  });

  it('enforces the per-org workspace limit', async () => {
    const limit = inject('workspaceLimit');
    for (let i = 1; i < limit; i++) expect((await admin.api.post(workspacesOf(orgId), { name: `ws-${i}` })).status).toBe(201);
    const over = await admin.api.post(workspacesOf(orgId), { name: 'one-too-many' });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('workspace_limit_reached');
    expect((await admin.api.get(`${workspacesOf(orgId)}?limit=100`)).body.data).toHaveLength(limit);
  });

  it('lets exactly one of fifty concurrent creates of one name, in any case, win', async () => {
    const names = Array.from({ length: 50 }, (_, i) => [...'sandbox'].map((c, j) => ((i >> j) & 1 ? c.toUpperCase() : c)).join(''));
    const results = await Promise.all(names.map((name) => admin.api.post(workspacesOf(orgId), { name })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'workspace_name_taken')).toBe(true);
    expect(results.filter((r) => r.status === 409)).toHaveLength(49);
    // Behind the API: one name guard per workspace, and the org's counter agrees, so the limit and renames stay right.
    const stored = await itemsOfOrg(orgId);
    const workspaces = stored.filter((item) => item.type === 'workspace');
    expect(workspaces).toHaveLength(2);
    expect(stored.filter((item) => item.type === 'workspace_name')).toHaveLength(workspaces.length);
    expect(stored.find((item) => item.type === 'org')?.workspace_count).toBe(workspaces.length);
  });
});

describe('listing and reading', () => {
  it('pages through workspaces in creation order', async () => {
    for (const name of ['a', 'b', 'c']) await admin.api.post(workspacesOf(orgId), { name });
    const first = await admin.api.get(`${workspacesOf(orgId)}?limit=2`);
    const second = await admin.api.get(`${workspacesOf(orgId)}?limit=2&cursor=${first.body.next_cursor}`);
    expect([...first.body.data, ...second.body.data].map((w: { name: string }) => w.name)).toEqual(['Acme', 'a', 'b', 'c']);
    expect(second.body.next_cursor).toBeNull();
  });

  it('refuses a cursor that was edited to skip ahead or forged from an id', async () => {
    for (const name of ['a', 'b', 'c']) await admin.api.post(workspacesOf(orgId), { name });
    const all = (await admin.api.get(workspacesOf(orgId))).body.data;
    const cursor: string = (await admin.api.get(`${workspacesOf(orgId)}?limit=1`)).body.next_cursor;
    const [, signature] = cursor.split('.');
    const skipAhead = `${Buffer.from(all[2].id).toString('base64url')}.${signature}`;
    const forged = Buffer.from(JSON.stringify({ after: all[2].id })).toString('base64url');
    for (const bad of [skipAhead, forged]) {
      const response = await admin.api.get(`${workspacesOf(orgId)}?limit=1&cursor=${bad}`);
      expect(response.status, bad).toBe(400);
      expect(response.body.error.details[0].field).toBe('query.cursor');
    }
  });

  it("refuses one org's cursor in another org", async () => {
    const other = (await admin.api.post('/api/v1/orgs', { name: 'Other' })).body.id;
    await admin.api.post(workspacesOf(orgId), { name: 'a' });
    const cursor = (await admin.api.get(`${workspacesOf(orgId)}?limit=1`)).body.next_cursor;
    const replayed = await admin.api.get(`${workspacesOf(other)}?limit=1&cursor=${cursor}`);
    expect(replayed.status).toBe(400);
    expect(replayed.body.error.details).toEqual([{ field: 'query.cursor', message: 'is not a cursor this list returned' }]);
  });

  it('answers 404 for a workspace of another org, as for one that does not exist', async () => {
    const other = await signUp('other');
    const theirOrg = (await other.api.get('/api/v1/me')).body.orgs[0].id;
    const theirWorkspace = (await other.api.get(workspacesOf(theirOrg))).body.data[0].id;

    for (const path of [
      `${workspacesOf(theirOrg)}/${theirWorkspace}`,
      `${workspacesOf(orgId)}/${theirWorkspace}`,
      `${workspacesOf(orgId)}/${randomUUID()}`,
    ]) {
      const response = await admin.api.get(path);
      expect(response.status, path).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    expect((await admin.api.get(workspacesOf(theirOrg))).status).toBe(404);
    expect((await admin.api.post(workspacesOf(theirOrg), { name: 'intruder' })).status).toBe(404);
    expect((await admin.api.patch(`${workspacesOf(theirOrg)}/${theirWorkspace}`, { name: 'mine' })).status).toBe(404);
    expect((await admin.api.delete(`${workspacesOf(theirOrg)}/${theirWorkspace}`)).status).toBe(404);
    expect((await other.api.get(`${workspacesOf(theirOrg)}/${theirWorkspace}`)).body.name).toBe("Other Tester's organization");
  });
});

describe('updating and deleting', () => {
  it('renames, re-icons and deactivates, keeping names unique', async () => {
    const staging = (await admin.api.post(workspacesOf(orgId), { name: 'staging' })).body;
    await admin.api.post(workspacesOf(orgId), { name: 'prod' });

    const clash = await admin.api.patch(`${workspacesOf(orgId)}/${staging.id}`, { name: 'PROD' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('workspace_name_taken');

    const recased = await admin.api.patch(`${workspacesOf(orgId)}/${staging.id}`, { name: 'Staging' });
    expect(recased.status).toBe(200);
    expect(recased.body.name).toBe('Staging');

    const updated = await admin.api.patch(`${workspacesOf(orgId)}/${staging.id}`, { name: 'qa', status: 'inactive', icon_url: null });
    expect(updated.body).toMatchObject({ name: 'qa', status: 'inactive', icon_url: null, created_at: staging.created_at });
    // The old name is free again; the new one is taken.
    expect((await admin.api.post(workspacesOf(orgId), { name: 'staging' })).status).toBe(201);
    expect((await admin.api.post(workspacesOf(orgId), { name: 'QA' })).status).toBe(409);
  });

  it('refuses an empty update', async () => {
    const staging = (await admin.api.post(workspacesOf(orgId), { name: 'staging' })).body;
    const response = await admin.api.patch(`${workspacesOf(orgId)}/${staging.id}`, {});
    expect(response.status).toBe(400);
  });

  it('deletes a workspace and frees its name, but never the last one', async () => {
    const first = (await admin.api.get(workspacesOf(orgId))).body.data[0];
    const staging = (await admin.api.post(workspacesOf(orgId), { name: 'staging' })).body;

    const deleted = await admin.api.delete(`${workspacesOf(orgId)}/${staging.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect((await admin.api.get(`${workspacesOf(orgId)}/${staging.id}`)).status).toBe(404);
    expect((await admin.api.post(workspacesOf(orgId), { name: 'staging' })).status).toBe(201);

    const onlyOne = await signUp('solo');
    const soloOrg = (await onlyOne.api.post('/api/v1/orgs', { name: 'Solo' })).body.id;
    const last = (await onlyOne.api.get(workspacesOf(soloOrg))).body.data[0];
    const refused = await onlyOne.api.delete(`${workspacesOf(soloOrg)}/${last.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('last_workspace');
    expect((await onlyOne.api.get(`${workspacesOf(soloOrg)}/${last.id}`)).status).toBe(200);
    expect(first.name).toBe('Acme');
  });
});

describe('roles in workspaces', () => {
  it('lets a developer create workspaces, administer their own, and see only theirs', async () => {
    const dev = await signUp('dev');
    await addMember(orgId, dev, 'developer');
    const adminsWorkspace = (await admin.api.post(workspacesOf(orgId), { name: 'prod' })).body;

    const mine = await dev.api.post(workspacesOf(orgId), { name: 'dev-sandbox' });
    expect(mine.status).toBe(201);
    const listed = await dev.api.get(workspacesOf(orgId));
    expect(listed.body.data.map((w: { name: string }) => w.name)).toEqual(['dev-sandbox']);
    expect((await dev.api.get(`${workspacesOf(orgId)}/${adminsWorkspace.id}`)).status).toBe(404);

    expect((await dev.api.patch(`${workspacesOf(orgId)}/${mine.body.id}`, { name: 'dev-box' })).status).toBe(200);
    expect((await dev.api.delete(`${workspacesOf(orgId)}/${mine.body.id}`)).status).toBe(204);
    // Org admins are admins of every workspace, including the developer's.
    expect((await admin.api.get(workspacesOf(orgId))).body.data.map((w: { name: string }) => w.name)).toEqual(['Acme', 'prod']);
  });

  it('lets a viewer read the workspaces they belong to and change nothing', async () => {
    const viewer = await signUp('viewer');
    const prod = (await admin.api.post(workspacesOf(orgId), { name: 'prod' })).body;
    const staging = (await admin.api.post(workspacesOf(orgId), { name: 'staging' })).body;
    await addMember(orgId, viewer, 'viewer', { [staging.id]: 'viewer' });

    expect((await viewer.api.get(workspacesOf(orgId))).body.data.map((w: { name: string }) => w.name)).toEqual(['staging']);
    expect((await viewer.api.get(`${workspacesOf(orgId)}/${staging.id}`)).status).toBe(200);
    expect((await viewer.api.get(`${workspacesOf(orgId)}/${prod.id}`)).status).toBe(404);

    const create = await viewer.api.post(workspacesOf(orgId), { name: 'mine' });
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe('forbidden');
    expect((await viewer.api.patch(`${workspacesOf(orgId)}/${staging.id}`, { name: 'x' })).status).toBe(403);
    expect((await viewer.api.delete(`${workspacesOf(orgId)}/${staging.id}`)).status).toBe(403);
    expect((await admin.api.get(`${workspacesOf(orgId)}/${staging.id}`)).body.name).toBe('staging');
  });

  it('lets a workspace admin manage that workspace without being an org admin', async () => {
    const lead = await signUp('lead');
    const staging = (await admin.api.post(workspacesOf(orgId), { name: 'staging' })).body;
    await addMember(orgId, lead, 'viewer', { [staging.id]: 'admin' });
    expect((await lead.api.patch(`${workspacesOf(orgId)}/${staging.id}`, { status: 'inactive' })).body.status).toBe('inactive');
    expect((await lead.api.patch(`/api/v1/orgs/${orgId}`, { name: 'Mine' })).status).toBe(403);
  });
});
