// Org and workspace membership: who can see and change it, and the guard that keeps an org from
// losing its last admin.
import { beforeEach, describe, expect, it } from 'vitest';
import { signUp, type TestUser } from '../support/api.js';
import { addMember } from '../support/members.js';
import { itemsOfOrg } from '../support/table.js';

let admin: TestUser;
let developer: TestUser;
let viewer: TestUser;
let orgId: string;
let staging: string;
let prod: string;

beforeEach(async () => {
  [admin, developer, viewer] = await Promise.all([signUp('admin'), signUp('developer'), signUp('viewer')]);
  orgId = (await admin.api.post('/api/v1/orgs', { name: 'Members Inc' })).body.id;
  staging = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'staging' })).body.id;
  prod = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'prod' })).body.id;
  await addMember(orgId, developer, 'developer', { [staging]: 'developer' });
  await addMember(orgId, viewer, 'viewer');
});

const members = (path = '') => `/api/v1/orgs/${orgId}/members${path}`;
const workspaceMembers = (workspaceId: string, path = '') => `/api/v1/orgs/${orgId}/workspaces/${workspaceId}/members${path}`;

describe('org members', () => {
  it('lists every member with role and workspace grants, page by page', async () => {
    const first = await viewer.api.get(members('?limit=2'));
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    const second = await viewer.api.get(members(`?limit=2&cursor=${first.body.next_cursor}`));
    expect(second.body.next_cursor).toBeNull();
    const all = [...first.body.data, ...second.body.data];
    // By user id, as the README says: not the order they joined.
    expect(all.map((m: { user_id: string }) => m.user_id)).toEqual([admin.id, developer.id, viewer.id].sort());
    expect(all.find((m: { user_id: string }) => m.user_id === developer.id)).toEqual({
      user_id: developer.id,
      email: developer.email,
      name: developer.name,
      role: 'developer',
      joined_at: expect.any(String),
      workspaces: [{ workspace_id: staging, role: 'developer' }],
    });
    // The creator of an org holds an explicit admin grant on each workspace they created.
    expect(all.find((m: { user_id: string }) => m.user_id === admin.id).role).toBe('admin');
  });

  it('hides the member list from outsiders', async () => {
    const outsider = await signUp('outsider');
    expect((await outsider.api.get(members())).status).toBe(404);
  });

  it('lets admins change roles, and nobody else', async () => {
    const denied = await developer.api.patch(members(`/${viewer.id}`), { role: 'admin' });
    expect(denied.status).toBe(403);
    const promoted = await admin.api.patch(members(`/${viewer.id}`), { role: 'developer' });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ user_id: viewer.id, role: 'developer' });
    expect((await admin.api.patch(members(`/${crypto.randomUUID()}`), { role: 'viewer' })).status).toBe(404);
    const invalid = await admin.api.patch(members(`/${viewer.id}`), { role: 'owner' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details[0]).toEqual({ field: 'body.role', message: 'must be one of: admin, developer, viewer' });
  });

  it('never lets the last admin step down or leave; promoting another admin first moves ownership', async () => {
    const demote = await admin.api.patch(members(`/${admin.id}`), { role: 'developer' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('last_admin');
    expect((await admin.api.delete(members(`/${admin.id}`))).body.error.code).toBe('last_admin');

    expect((await admin.api.patch(members(`/${developer.id}`), { role: 'admin' })).status).toBe(200);
    expect((await admin.api.delete(members(`/${admin.id}`))).status).toBe(204);
    expect((await admin.api.get(`/api/v1/orgs/${orgId}`)).status).toBe(404);
    // The new admin is now the last one.
    expect((await developer.api.patch(members(`/${developer.id}`), { role: 'viewer' })).body.error.code).toBe('last_admin');
  });

  it('lets anyone leave, and admins remove others with their workspace access', async () => {
    expect((await viewer.api.delete(members(`/${developer.id}`))).status).toBe(403);
    expect((await viewer.api.delete(members(`/${viewer.id}`))).status).toBe(204);
    expect((await viewer.api.get(`/api/v1/orgs/${orgId}`)).status).toBe(404);

    expect((await admin.api.delete(members(`/${developer.id}`))).status).toBe(204);
    expect((await developer.api.get(`/api/v1/orgs/${orgId}/workspaces/${staging}`)).status).toBe(404);
    expect((await admin.api.delete(members(`/${developer.id}`))).status).toBe(404);
    // Re-adding them later starts from no workspace grants.
    await addMember(orgId, developer, 'developer');
    expect((await developer.api.get(`/api/v1/orgs/${orgId}/workspaces`)).body.data).toEqual([]);
  });
});

describe('workspace members', () => {
  it('lists the members of a workspace, with org admins as inherited admins', async () => {
    const listed = await developer.api.get(workspaceMembers(staging));
    expect(listed.status).toBe(200);
    const byUser = Object.fromEntries(listed.body.data.map((m: { user_id: string }) => [m.user_id, m]));
    expect(Object.keys(byUser).sort()).toEqual([admin.id, developer.id].sort());
    expect(byUser[admin.id]).toMatchObject({ role: 'admin', org_role: 'admin', inherited: true });
    expect(byUser[developer.id]).toMatchObject({ role: 'developer', org_role: 'developer', inherited: false, email: developer.email });
    // A member without access to prod does not learn it exists.
    expect((await developer.api.get(workspaceMembers(prod))).status).toBe(404);
  });

  it('adds org members only, and lets workspace admins manage their workspace', async () => {
    const outsider = await signUp('outsider');
    const notMember = await admin.api.put(workspaceMembers(prod, `/${outsider.id}`), { role: 'viewer' });
    expect(notMember.status).toBe(409);
    expect(notMember.body.error.code).toBe('not_an_org_member');

    const orgAdmin = await admin.api.put(workspaceMembers(prod, `/${admin.id}`), { role: 'viewer' });
    expect(orgAdmin.body.error.code).toBe('org_admin');

    // A developer in staging cannot manage its members; made workspace admin, they can.
    expect((await developer.api.put(workspaceMembers(staging, `/${viewer.id}`), { role: 'viewer' })).status).toBe(403);
    expect((await admin.api.put(workspaceMembers(staging, `/${developer.id}`), { role: 'admin' })).body).toMatchObject({
      user_id: developer.id,
      role: 'admin',
      inherited: false,
    });
    const added = await developer.api.put(workspaceMembers(staging, `/${viewer.id}`), { role: 'viewer' });
    expect(added.status).toBe(200);
    expect((await viewer.api.get(`/api/v1/orgs/${orgId}/workspaces`)).body.data.map((w: { id: string }) => w.id)).toEqual([staging]);
    // ...but not another workspace.
    expect((await developer.api.put(workspaceMembers(prod, `/${viewer.id}`), { role: 'viewer' })).status).toBe(404);

    expect((await developer.api.delete(workspaceMembers(staging, `/${viewer.id}`))).status).toBe(204);
    expect((await viewer.api.get(`/api/v1/orgs/${orgId}/workspaces/${staging}`)).status).toBe(404);
    expect((await developer.api.delete(workspaceMembers(staging, `/${viewer.id}`))).status).toBe(404);
    // The org membership stays.
    expect((await viewer.api.get(`/api/v1/orgs/${orgId}`)).status).toBe(200);
  });

  it('answers 404 for a workspace of another org', async () => {
    const other = await signUp('other');
    const otherOrg = (await other.api.post('/api/v1/orgs', { name: 'Elsewhere' })).body.id;
    const otherWorkspace = (await other.api.get(`/api/v1/orgs/${otherOrg}/workspaces`)).body.data[0].id;
    expect(
      (await admin.api.put(`/api/v1/orgs/${orgId}/workspaces/${otherWorkspace}/members/${developer.id}`, { role: 'viewer' })).status,
    ).toBe(404);
  });
});

describe('deleting a workspace', () => {
  it("drops it from its members' grants", async () => {
    const scratch = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'scratch' })).body.id;
    expect((await admin.api.put(workspaceMembers(scratch, `/${developer.id}`), { role: 'developer' })).status).toBe(200);
    expect((await admin.api.delete(`/api/v1/orgs/${orgId}/workspaces/${scratch}`)).status).toBe(204);
    const grantsOf = async () =>
      (await admin.api.get(members())).body.data.find((m: { user_id: string }) => m.user_id === developer.id).workspaces;
    await expect.poll(grantsOf, { timeout: 10_000 }).toEqual([{ workspace_id: staging, role: 'developer' }]);
    // The cleanup the delete queued leaves the queue with the grants (the sweep would run it otherwise).
    const queuedCleanups = async () => (await itemsOfOrg(orgId)).filter((item) => item.type === 'grant_cleanup');
    await expect.poll(queuedCleanups, { timeout: 10_000 }).toEqual([]);
  });
});
